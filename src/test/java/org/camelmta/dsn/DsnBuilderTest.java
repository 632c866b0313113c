package org.camelmta.dsn;

import org.camelmta.support.ParsedNotice;
import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.OriginalRecipient;
import org.camelmta.submit.RecipientDsn;
import org.camelmta.submit.Ret;
import org.camelmta.submit.Xtext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.camelmta.config.Settings;
import org.camelmta.dns.Hop;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;
import org.junit.jupiter.api.Test;

class DsnBuilderTest {

    private static final Instant ARRIVAL = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant ATTEMPT = Instant.parse("2026-03-01T10:00:05Z");
    private static final Instant NOW = Instant.parse("2026-03-02T11:30:00Z");
    private static final MailAddress BOB = MailAddress.parse("bob@example.com");
    private static final MailAddress CAROL = MailAddress.parse("carol@nowhere.example");
    private static final String ORIGINAL = "From: Alice <alice@example.org>\r\n"
            + "To: bob@example.com, carol@nowhere.example\r\n"
            + "Subject: quarterly figures\r\n"
            + "Message-ID: <m1@example.org>\r\n"
            + "\r\n"
            + "Here are the figures.\r\n";

    private final DsnBuilder builder = new DsnBuilder("mta.example.net", 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void oneFailureNoticeCoversEveryFailedRecipientWithAllRfc3464Fields() throws Exception {
        DsnRequest request = new DsnRequest(null, "QQ314159", Map.of(
                BOB, new RecipientDsn(java.util.Set.of(), OriginalRecipient.parse("rfc822;Bob+sales@example.com"))));
        DeliveryStatusNotification dsn = builder.build(original("alice@example.org", ORIGINAL, request),
                List.of(rejectedAtRcpt(), dnsFailure()));

        ParsedNotice n = ParsedNotice.parse(dsn.message());
        assertThat(n.header("From")).isEqualTo("Mail Delivery System <MAILER-DAEMON@mta.example.net>");
        assertThat(n.header("To")).isEqualTo("<alice@example.org>");
        assertThat(n.header("Subject")).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(n.header("Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(n.header("Date")).isEqualTo("Mon, 2 Mar 2026 11:30:00 +0000");
        assertThat(n.header("MIME-Version")).isEqualTo("1.0");
        assertThat(n.header("Message-ID")).isEqualTo("<" + dsn.envelope().messageId() + ">").endsWith("@mta.example.net>");
        assertThat(n.header("References")).isEqualTo("<m1@example.org>");

        assertThat(n.report.getCount()).isEqualTo(3);
        assertThat(n.part(0).isMimeType("text/plain")).isTrue();
        assertThat(n.part(1).isMimeType("message/delivery-status")).isTrue();
        assertThat(n.part(2).isMimeType("message/rfc822")).isTrue();

        assertThat(n.perMessage()).containsExactly(
                Map.entry("Original-Envelope-Id", "QQ314159"),
                Map.entry("Reporting-MTA", "dns; mta.example.net"),
                Map.entry("Arrival-Date", "Sun, 1 Mar 2026 10:00:00 +0000"),
                Map.entry("X-camel-mta-Queue-ID", "ID1"),
                Map.entry("X-camel-mta-Sender", "rfc822; alice@example.org"));

        assertThat(n.recipientCount()).isEqualTo(2);
        assertThat(n.recipient(0)).containsExactly(
                Map.entry("Original-Recipient", "rfc822; Bob+sales@example.com"),
                Map.entry("Final-Recipient", "rfc822; bob@example.com"),
                Map.entry("Action", "failed"),
                Map.entry("Status", "5.1.1"),
                Map.entry("Remote-MTA", "dns; mx1.example.com"),
                Map.entry("Diagnostic-Code", "smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"),
                Map.entry("Last-Attempt-Date", "Sun, 1 Mar 2026 10:00:05 +0000"));
        assertThat(n.recipient(1)).containsExactly(
                Map.entry("Final-Recipient", "rfc822; carol@nowhere.example"),
                Map.entry("Action", "failed"),
                Map.entry("Status", "5.1.2"),
                Map.entry("Diagnostic-Code", "X-camel-mta; 550 5.1.2 Host or domain name not found"),
                Map.entry("Last-Attempt-Date", "Sun, 1 Mar 2026 10:00:05 +0000"));

        String text = n.text().replaceAll("\r\n\\s+", " ");
        assertThat(text).contains("mail system at host mta.example.net")
                .contains("<bob@example.com>: host mx1.example.com said: 550 5.1.1 <bob@example.com>: Recipient"
                        + " address rejected: User unknown (in reply to RCPT TO command)")
                .contains("<carol@nowhere.example>: 550 5.1.2 Host or domain name not found")
                .contains("Your message is attached");

        MimeMessage returned = (MimeMessage) n.part(2).getContent();
        assertThat(returned.getSubject()).isEqualTo("quarterly figures");
        assertThat(n.returned()).isEqualTo(ORIGINAL.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void noticeGoesFromTheNullSenderToTheOriginalSender() {
        DeliveryStatusNotification dsn = builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(rejectedAtRcpt()));
        Envelope e = dsn.envelope();
        assertThat(e.sender().isNull()).isTrue();
        assertThat(e.recipients()).containsExactly(MailAddress.parse("alice@example.org"));
        assertThat(e.submittedAt()).isEqualTo(NOW);
        assertThat(e.id()).isNotEqualTo("ID1");
        assertThat(e.messageId()).isEqualTo(e.id() + "@mta.example.net");
    }

    @Test
    void anEngineKnownByItsAddressLiteralSignsItsNoticesWithIt() throws Exception {
        // A host without a domain name (EhloName's fallback, RFC 5321 §4.1.4) still bounces.
        DsnBuilder literal = new DsnBuilder("[IPv6:FD00::2]", 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));
        DeliveryStatusNotification dsn = literal.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(rejectedAtRcpt()));
        ParsedNotice n = ParsedNotice.parse(dsn.message());
        assertThat(n.header("From")).isEqualTo("Mail Delivery System <MAILER-DAEMON@[IPv6:fd00::2]>");
        assertThat(n.header("Message-ID")).endsWith("@[IPv6:fd00::2]>");
        assertThat(n.perMessage()).containsEntry("Reporting-MTA", "dns; [IPv6:fd00::2]");
        assertThatThrownBy(() -> new DsnBuilder("[192.0.2]", 1024, Clock.systemUTC()))
                .hasMessageStartingWith("bad reporting MTA host name '[192.0.2]'");
    }

    @Test
    void noNoticeCanBeBuiltForTheNullSender() {
        assertThatThrownBy(() -> builder.build(original("", ORIGINAL, DsnRequest.NONE), List.of(rejectedAtRcpt())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null sender");
    }

    @Test
    void contentTypeIsMultipartReportWithABoundaryThatFramesTheThreeParts() throws Exception {
        byte[] raw = builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE), List.of(rejectedAtRcpt()))
                .message();
        ParsedNotice n = ParsedNotice.parse(raw);
        ContentType type = new ContentType(n.message.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");
        String boundary = type.getParameter("boundary");
        assertThat(boundary).isNotBlank();
        String text = new String(raw, StandardCharsets.UTF_8);
        assertThat(text.split("\r\n--" + java.util.regex.Pattern.quote(boundary) + "\r\n", -1)).hasSize(4);
        assertThat(text).contains("\r\n--" + boundary + "--\r\n");
        assertThat(ORIGINAL).doesNotContain(boundary);
    }

    @Test
    void everyLineEndsInCrlfAndStaysWithinRfc5322Limits() {
        String lfOriginal = ORIGINAL.replace("\r\n", "\n");
        byte[] raw = builder.build(original("alice@example.org", lfOriginal, DsnRequest.NONE),
                List.of(rejectedAtRcpt(), dnsFailure())).message();
        int lineLength = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                assertThat(i).as("LF at %d follows CR", i).isPositive();
                assertThat(raw[i - 1]).as("byte before LF at %d", i).isEqualTo((byte) '\r');
                lineLength = 0;
            } else if (raw[i] == '\r') {
                assertThat(i + 1 < raw.length && raw[i + 1] == '\n').as("CR at %d followed by LF", i).isTrue();
            } else {
                assertThat(++lineLength).isLessThanOrEqualTo(998);
            }
        }
        // The original, submitted with bare LF, comes back with CRLF.
        assertThat(ParsedNotice.parse(raw).statusText).isNotEmpty();
        assertThat(new String(raw, StandardCharsets.US_ASCII)).contains(ORIGINAL);
    }

    @Test
    void retHdrsReturnsTheHeaderSectionOnly() throws Exception {
        DeliveryStatusNotification dsn = builder.build(
                original("alice@example.org", ORIGINAL, new DsnRequest(Ret.HDRS, null, Map.of())),
                List.of(rejectedAtRcpt()));
        ParsedNotice n = ParsedNotice.parse(dsn.message());
        assertThat(n.part(2).isMimeType("text/rfc822-headers")).isTrue();
        String headers = new String(n.returned(), StandardCharsets.US_ASCII);
        assertThat(headers).isEqualTo(ORIGINAL.substring(0, ORIGINAL.indexOf("\r\n\r\n") + 2));
        assertThat(new String(dsn.message(), StandardCharsets.US_ASCII)).doesNotContain("Here are the figures");
        assertThat(n.text()).contains("headers of your message are attached");
    }

    @Test
    void anOriginalOverTheSizeLimitComesBackAsHeadersAndTheNoticeSaysWhy() throws Exception {
        DsnBuilder small = DsnBuilder.from(Settings.of(Map.of(DsnBuilder.BOUNCE_SIZE_LIMIT_KEY, "1k")),
                "mta.example.net", Clock.fixed(NOW, ZoneOffset.UTC));
        String big = ORIGINAL + "x".repeat(70).concat("\r\n").repeat(20);
        ParsedNotice n = ParsedNotice.parse(small.build(original("alice@example.org", big, DsnRequest.NONE),
                List.of(rejectedAtRcpt())).message());
        assertThat(n.part(2).isMimeType("text/rfc822-headers")).isTrue();
        assertThat(n.text().replaceAll("\r\n\\s*", " ")).contains("Only the headers", "more than the 1024");

        ParsedNotice fits = ParsedNotice.parse(small.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(rejectedAtRcpt())).message());
        assertThat(fits.part(2).isMimeType("message/rfc822")).isTrue();
    }

    @Test
    void sizeLimitSettingTakesBytesOrUnitsAndNamesTheKeyWhenBad() {
        assertThat(DsnBuilder.from(Settings.of(Map.of()), "h.example", Clock.systemUTC()).bounceSizeLimit())
                .isEqualTo(1024 * 1024);
        assertThat(DsnBuilder.from(Settings.of(Map.of(DsnBuilder.BOUNCE_SIZE_LIMIT_KEY, "50000")), "h.example",
                Clock.systemUTC()).bounceSizeLimit()).isEqualTo(50000);
        assertThat(DsnBuilder.from(Settings.of(Map.of(DsnBuilder.BOUNCE_SIZE_LIMIT_KEY, "2M")), "h.example",
                Clock.systemUTC()).bounceSizeLimit()).isEqualTo(2 * 1024 * 1024);
        assertThatThrownBy(() -> DsnBuilder.from(Settings.of(Map.of(DsnBuilder.BOUNCE_SIZE_LIMIT_KEY, "big")),
                "h.example", Clock.systemUTC())).hasMessageContaining(DsnBuilder.BOUNCE_SIZE_LIMIT_KEY);
    }

    @Test
    void delayWarningSaysDelayedWithRetryLimitAndReturnsHeadersOnly() throws Exception {
        SmtpReply reply = SmtpReply.of(451, List.of("4.7.1 Greylisted, try again later"));
        RecipientStatus delayed = RecipientStatus.of(DsnAction.DELAYED,
                new RecipientResult(BOB, reply, Phase.RCPT, Cause.REPLY, hop("mx1.example.com"), null), ATTEMPT)
                .withWillRetryUntil(Instant.parse("2026-03-06T10:00:00Z"));
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(delayed)).message());
        assertThat(n.header("Subject")).isEqualTo("Delayed Mail (still being retried)");
        assertThat(n.recipient(0)).containsEntry("Action", "delayed").containsEntry("Status", "4.7.1")
                .containsEntry("Will-Retry-Until", "Fri, 6 Mar 2026 10:00:00 +0000")
                .containsEntry("Diagnostic-Code", "smtp; 451 4.7.1 Greylisted, try again later");
        assertThat(n.part(2).isMimeType("text/rfc822-headers")).isTrue();
        String text = n.text().replaceAll("\r\n\\s*", " ");
        assertThat(text).contains("warning only", "waiting for 1d1h30m", "until Fri, 6 Mar 2026 10:00:00 +0000");
    }

    @Test
    void relayedNoticeReportsSuccessWithoutTheBody() throws Exception {
        SmtpReply ok = SmtpReply.of(250, List.of("2.0.0 Ok: queued as 4F2A1"));
        RecipientStatus relayed = RecipientStatus.of(DsnAction.RELAYED,
                new RecipientResult(BOB, ok, Phase.DATA_END, Cause.REPLY, hop("mx1.example.com"), null), ATTEMPT);
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(relayed)).message());
        assertThat(n.header("Subject")).isEqualTo("Successful Mail Delivery Report");
        assertThat(n.recipient(0)).containsEntry("Action", "relayed").containsEntry("Status", "2.0.0")
                .containsEntry("Remote-MTA", "dns; mx1.example.com");
        assertThat(n.part(2).isMimeType("text/rfc822-headers")).isTrue();
        assertThat(n.text()).contains("<bob@example.com>: relayed to host mx1.example.com: 250 2.0.0 Ok");
    }

    @Test
    void expiredRecipientFailsWithItsLastTemporaryStatus() throws Exception {
        RecipientStatus expired = RecipientStatus.of(DsnAction.FAILED, BOB,
                SmtpReply.local(451, "4.4.1", "connect to mx1.example.com[192.0.2.1]:25: connection refused"),
                Cause.REFUSED, Phase.CONNECT, "mx1.example.com", ATTEMPT);
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(expired)).message());
        assertThat(n.recipient(0)).containsEntry("Action", "failed").containsEntry("Status", "4.4.1")
                .containsEntry("Diagnostic-Code",
                        "X-camel-mta; 451 4.4.1 connect to mx1.example.com[192.0.2.1]:25: connection refused")
                .doesNotContainKey("Remote-MTA");
    }

    @Test
    void aHostileReplyCannotAddFieldsAndLongRepliesAreFolded() throws Exception {
        SmtpReply hostile = SmtpReply.of(550, List.of("5.7.1 no\r\nAction: delivered", "caf\u00e9 " + "word ".repeat(60)));
        RecipientStatus status = RecipientStatus.of(DsnAction.FAILED,
                new RecipientResult(BOB, hostile, Phase.DATA_END, Cause.REPLY, hop("mx1.example.com"), null), ATTEMPT);
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(status)).message());
        assertThat(n.recipientCount()).isEqualTo(1);
        assertThat(n.recipient(0)).containsEntry("Action", "failed");
        assertThat(n.recipient(0).get("Diagnostic-Code")).startsWith("smtp; 550 5.7.1 no  Action: delivered caf? word");
        assertThat(n.statusText).matches("[\\x20-\\x7e\r\n]*");
        for (String line : n.statusText.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(78);
        }
    }

    @Test
    void nonAsciiRecipientIsReportedAsUtf8AddressInASevenBitStatusPart() throws Exception {
        MailAddress jorg = MailAddress.parse("j\u00f6rg@b\u00fccher.example");
        RecipientStatus status = RecipientStatus.of(DsnAction.FAILED,
                new RecipientResult(jorg, SmtpReply.of(553, List.of("5.6.7 SMTPUTF8 not offered")), Phase.RCPT,
                        Cause.REPLY, hop("mx.xn--bcher-kva.example"), null), ATTEMPT);
        DeliveryStatusNotification dsn = builder.build(original("alice@example.org", ORIGINAL, DsnRequest.NONE),
                List.of(status));
        ParsedNotice n = ParsedNotice.parse(dsn.message());
        assertThat(n.part(1).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        assertThat(n.statusText).matches("[\\x20-\\x7e\r\n]*");
        assertThat(n.recipient(0)).containsEntry("Final-Recipient", "utf-8; j\\x{F6}rg@b\\x{FC}cher.example");
        String field = n.recipient(0).get("Final-Recipient");
        assertThat(Xtext.decodeUtf8Address(field.substring("utf-8; ".length()))).isEqualTo(jorg.toString());
        assertThat(n.text()).contains("<j\u00f6rg@b\u00fccher.example>: host mx.xn--bcher-kva.example said");
    }

    @Test
    void nonAsciiSenderGetsItsNoticeWithAUtf8ToField() throws Exception {
        DeliveryStatusNotification dsn = builder.build(original("\u7528\u6237@\u4f8b\u5b50.example", ORIGINAL,
                DsnRequest.NONE), List.of(rejectedAtRcpt()));
        assertThat(dsn.envelope().recipients()).containsExactly(MailAddress.parse("\u7528\u6237@\u4f8b\u5b50.example"));
        ParsedNotice n = ParsedNotice.parse(dsn.message());
        assertThat(n.header("To")).isEqualTo("<\u7528\u6237@\u4f8b\u5b50.example>");
        assertThat(n.perMessage()).containsEntry("X-camel-mta-Sender",
                "utf-8; \\x{7528}\\x{6237}@\\x{4F8B}\\x{5B50}.example");
    }

    @Test
    void anOriginalWithUtf8HeadersIsReturnedAsMessageGlobal() throws Exception {
        String utf8 = "From: J\u00f6rg <j\u00f6rg@example.org>\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nHall\u00f6\r\n";
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", utf8, DsnRequest.NONE),
                List.of(rejectedAtRcpt())).message());
        assertThat(n.part(2).isMimeType("message/global")).isTrue();
        assertThat(n.part(2).getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
        assertThat(n.returned()).isEqualTo(utf8.getBytes(StandardCharsets.UTF_8));

        ParsedNotice hdrs = ParsedNotice.parse(builder.build(original("alice@example.org", utf8,
                new DsnRequest(Ret.HDRS, null, Map.of())), List.of(rejectedAtRcpt())).message());
        assertThat(hdrs.part(2).isMimeType("message/global-headers")).isTrue();
    }

    @Test
    void anEightBitBodyIsReturnedUnencodedAs8bit() throws Exception {
        String body = "From: alice@example.org\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe\r\n";
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", body, DsnRequest.NONE),
                List.of(rejectedAtRcpt())).message());
        assertThat(n.part(2).isMimeType("message/rfc822")).isTrue();
        assertThat(n.part(2).getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
        assertThat(n.returned()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyWithOverlongLinesIsReturnedAsHeadersOnly() throws Exception {
        String body = ORIGINAL + "y".repeat(1200) + "\r\n";
        ParsedNotice n = ParsedNotice.parse(builder.build(original("alice@example.org", body, DsnRequest.NONE),
                List.of(rejectedAtRcpt())).message());
        assertThat(n.part(2).isMimeType("text/rfc822-headers")).isTrue();
        assertThat(n.text()).contains("Only the headers");
    }

    private static RecipientStatus rejectedAtRcpt() {
        SmtpReply reply = SmtpReply.of(550, List.of("5.1.1 <bob@example.com>: Recipient address rejected: User unknown"));
        return RecipientStatus.of(DsnAction.FAILED,
                new RecipientResult(BOB, reply, Phase.RCPT, Cause.REPLY, hop("mx1.example.com"), null), ATTEMPT);
    }

    private static RecipientStatus dnsFailure() {
        SmtpReply reply = SmtpReply.local(550, "5.1.2", "Host or domain name not found");
        return RecipientStatus.of(DsnAction.FAILED,
                new RecipientResult(CAROL, reply, Phase.LOOKUP, Cause.LOCAL, null, null), ATTEMPT);
    }

    static Hop hop(String host) {
        return new Hop(host, 10, InetAddress.getLoopbackAddress(), 25, true);
    }

    private static OriginalMessage original(String sender, String content, DsnRequest request) {
        Envelope envelope = new Envelope("ID1", ReversePath.parse(sender), List.of(BOB, CAROL), "m1@example.org", ARRIVAL);
        return new OriginalMessage(envelope, request, content.getBytes(StandardCharsets.UTF_8));
    }
}
