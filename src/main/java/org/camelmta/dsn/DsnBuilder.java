package org.camelmta.dsn;

import org.camelmta.submit.OriginalRecipient;
import org.camelmta.submit.Ret;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.camelmta.config.Settings;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.MessageIds;
import org.camelmta.submit.ReversePath;

/**
 * Builds RFC 3464 delivery status notifications: one {@code multipart/report;
 * report-type=delivery-status} message to the original sender covering every recipient it is
 * given, with a human-readable part, the {@code message/delivery-status} part, and the
 * original (whole for a failure unless RET=HDRS or it is larger than
 * {@code mta.dsn.bounce-size-limit}; otherwise its headers).
 *
 * <p>MIME is assembled with Jakarta Mail on a {@link Session} that has no transport settings
 * at all: this class only writes bytes, the pipeline sends them.
 */
public final class DsnBuilder {

    /** Postfix's {@code bounce_size_limit}: the largest original a failure notice returns whole. */
    public static final String BOUNCE_SIZE_LIMIT_KEY = "mta.dsn.bounce-size-limit";
    public static final long DEFAULT_BOUNCE_SIZE_LIMIT = 1024 * 1024;

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x3b\\x3d\\x3f-\\x7e]{1,900}");

    private final String reportingMta;
    private final long bounceSizeLimit;
    private final Clock clock;
    private final Session session;

    /**
     * @param reportingMta    this engine's host name, for Reporting-MTA and the From address
     * @param bounceSizeLimit the largest original (in bytes) a failure notice returns whole
     * @param clock           the time a notice is dated with
     */
    public DsnBuilder(String reportingMta, long bounceSizeLimit, Clock clock) {
        this.reportingMta = checkHost(reportingMta);
        if (bounceSizeLimit < 0) {
            throw new IllegalArgumentException(BOUNCE_SIZE_LIMIT_KEY + " must not be negative");
        }
        this.bounceSizeLimit = bounceSizeLimit;
        this.clock = clock;
        Properties props = new Properties();
        // A MIME setting, not a transport one: lets the To: field carry an RFC 6531 address
        // (whose local part is not ASCII) as UTF-8, the only way it can be written.
        props.setProperty("mail.mime.allowutf8", "true");
        this.session = Session.getInstance(props);
    }

    /** Reads {@code mta.dsn.bounce-size-limit} (bytes, or with a {@code k}/{@code m} suffix; default 1m). */
    public static DsnBuilder from(Settings settings, String reportingMta, Clock clock) {
        return new DsnBuilder(reportingMta, parseSize(settings.get(BOUNCE_SIZE_LIMIT_KEY).orElse("")), clock);
    }

    /**
     * The notice about {@code recipients} of {@code original}, addressed to its sender.
     *
     * @throws IllegalArgumentException when the original has the null sender (a notice about a
     *                                  notice is never sent) or no recipients are given
     */
    public DeliveryStatusNotification build(OriginalMessage original, List<RecipientStatus> recipients) {
        ReversePath sender = original.envelope().sender();
        if (sender.isNull()) {
            throw new IllegalArgumentException("never a notice to the null sender");
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a notice needs at least one recipient");
        }
        List<RecipientStatus> statuses = withOriginalRecipients(original, recipients);
        NoticeKind kind = NoticeKind.of(statuses);
        boolean wantFull = kind == NoticeKind.FAILURE && original.dsn().effectiveRet() == Ret.FULL;
        ReturnedContent returned = ReturnedContent.of(original.content(), wantFull, bounceSizeLimit);
        Instant now = clock.instant();
        String id = MessageIds.next();
        String messageId = id + "@" + reportingMta;
        try {
            MimeMessage message = new Notice(session, "<" + messageId + ">");
            message.setHeader("Date", StatusPart.date(now));
            message.setHeader("From", "Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
            MailAddress to = sender.mailbox();
            message.setHeader("To", "<" + to.toSmtpString(to.requiresSmtpUtf8()) + ">");
            message.setHeader("Subject", kind.subject());
            message.setHeader("Auto-Submitted", "auto-replied");
            String originalId = original.envelope().messageId();
            if (MESSAGE_ID.matcher(originalId).matches()) {
                message.setHeader("References", "<" + originalId + ">");
            }
            message.setContent(report(kind, original, statuses, returned, now));
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(returned.bytes().length + 4096);
            message.writeTo(out);
            Envelope envelope = new Envelope(id, ReversePath.NULL, List.of(to), messageId, now);
            return new DeliveryStatusNotification(envelope, out.toByteArray());
        } catch (MessagingException e) {
            throw new IllegalStateException("could not assemble a delivery status notification: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }

    public String reportingMta() {
        return reportingMta;
    }

    public long bounceSizeLimit() {
        return bounceSizeLimit;
    }

    private MimeMultipart report(NoticeKind kind, OriginalMessage original, List<RecipientStatus> statuses,
                                 ReturnedContent returned, Instant now) throws MessagingException {
        MimeMultipart report = new ReportMultipart();
        report.setPreamble("This is a MIME-encapsulated message.\r\n");

        MimeBodyPart text = new MimeBodyPart();
        String words = ReportText.render(reportingMta, kind, original, statuses, returned, now);
        text.setText(words, MailAddress.isAscii(words) ? "us-ascii" : "utf-8");
        text.setHeader("Content-Description", "Notification");
        report.addBodyPart(text);

        byte[] status = StatusPart.render(reportingMta, original, statuses).getBytes(StandardCharsets.US_ASCII);
        report.addBodyPart(verbatim("message/delivery-status", "7bit", status, "Delivery report"));

        report.addBodyPart(verbatim(returned.contentType(), returned.transferEncoding(), returned.bytes(),
                returned.full() ? "Undelivered Message" : "Undelivered Message Headers"));
        return report;
    }

    // A part written exactly as given: its own Content-Type and Content-Transfer-Encoding set
    // first, so Jakarta Mail neither guesses a type nor re-encodes the bytes.
    private static MimeBodyPart verbatim(String type, String encoding, byte[] content, String description)
            throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.setHeader("Content-Type", type);
        part.setHeader("Content-Transfer-Encoding", encoding);
        part.setHeader("Content-Description", description);
        return part;
    }

    private static List<RecipientStatus> withOriginalRecipients(OriginalMessage original, List<RecipientStatus> given) {
        List<RecipientStatus> result = new ArrayList<>(given.size());
        for (RecipientStatus r : given) {
            OriginalRecipient orcpt = original.request(r.finalRecipient()).originalRecipient();
            result.add(r.originalRecipient() == null && orcpt != null ? r.withOriginalRecipient(orcpt) : r);
        }
        return result;
    }

    static long parseSize(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return DEFAULT_BOUNCE_SIZE_LIMIT;
        }
        long unit = 1;
        if (s.endsWith("k") || s.endsWith("m")) {
            unit = s.endsWith("k") ? 1024 : 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(BOUNCE_SIZE_LIMIT_KEY + ": not a size in bytes (e.g. 1048576, 512k, 1m): "
                    + text);
        }
    }

    private static String checkHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the reporting MTA needs a host name");
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            // An engine without a domain name goes by its address literal (RFC 5321 §4.1.4),
            // which is also a valid domain-literal in From: and Message-ID: (RFC 5322 §3.4.1).
            try {
                return MailAddress.parse("MAILER-DAEMON@" + h).domain();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad reporting MTA host name '" + host + "': " + e.getMessage());
            }
        }
        try {
            h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad reporting MTA host name '" + host + "': " + e.getMessage());
        }
        if (h.length() > 253 || !HOST.matcher(h).matches()) {
            throw new IllegalArgumentException("bad reporting MTA host name '" + host + "'");
        }
        return h;
    }

    /** {@code multipart/report; report-type=delivery-status} (RFC 6522). */
    private static final class ReportMultipart extends MimeMultipart {
        ReportMultipart() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "delivery-status");
            contentType = type.toString();
        }
    }

    /**
     * A message whose Message-ID is ours: Jakarta Mail would otherwise make one from the local
     * host name, which may mean a DNS lookup and a name that is not the reporting MTA's.
     */
    private static final class Notice extends MimeMessage {
        private final String messageId;

        Notice(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
