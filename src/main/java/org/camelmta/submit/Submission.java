package org.camelmta.submit;

import java.time.Instant;
import java.util.List;

/**
 * Turns what a producer put on {@code mta.submit} into an envelope and the message to deliver,
 * or refuses it with a reason. Plain Java: the Camel bean {@link SubmissionProcessor} adapts it.
 *
 * @param maxMessageSize the largest message accepted, in octets (Postfix's message_size_limit)
 * @param limits         how many recipients and recipient domains one submission may have
 * @param trace          the engine's name and hop count limit, for the fields it adds
 */
public record Submission(long maxMessageSize, RecipientLimits limits, Trace trace) {

    /** With the default recipient limits. */
    public Submission(long maxMessageSize) {
        this(maxMessageSize, RecipientLimits.DEFAULTS);
    }

    /** With a placeholder name ({@link Trace#DEFAULTS}). */
    public Submission(long maxMessageSize, RecipientLimits limits) {
        this(maxMessageSize, limits, Trace.DEFAULTS);
    }

    /** Postfix's default {@code message_size_limit}. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 10_240_000;
    /** RFC 5322 §2.1.1 (and RFC 5321 §4.5.3.1.6): octets in a line, without its CRLF. */
    public static final int MAX_LINE_OCTETS = 998;

    /**
     * An accepted submission: its envelope, the message as it will be delivered, and what the
     * submitter asked about delivery notices (RFC 3461; NONE when nothing was asked), and
     * {@code loop}: why the message is a mail loop (too many {@code Received:} fields), which
     * bounces it with 5.4.6 before any lookup, or null.
     */
    public record Accepted(Envelope envelope, byte[] content, DsnRequest dsn, RecipientDsn recipientDsn, String loop) {

        /** The same submission with other content (a step such as DKIM signing changed it). */
        public Accepted withContent(byte[] other) {
            return new Accepted(envelope, other, dsn, recipientDsn, loop);
        }
    }

    /** RFC 3461 options of a submission, as its properties give them; null when absent. */
    public record DsnOptions(String ret, String envelopeId, String notifyValue) {
        public static final DsnOptions NONE = new DsnOptions(null, null, null);
    }

    /**
     * Validates a submission.
     *
     * @param content    the message bytes
     * @param sender     the {@code mtaSender} property, or null when absent (then From is used)
     * @param recipients the {@code mtaRecipients} property, or null when absent (then To/Cc/Bcc,
     *                   like {@code sendmail -t}); either way Bcc is removed from the message
     * @param proposedId the {@code mtaId} property, or null
     * @throws InvalidSubmissionException with the reason, when the submission cannot be accepted
     */
    public Accepted accept(byte[] content, String sender, String recipients, String proposedId, Instant now) {
        return accept(content, sender, recipients, proposedId, DsnOptions.NONE, now);
    }

    /** As {@link #accept(byte[], String, String, String, Instant)}, with the submitter's DSN options. */
    public Accepted accept(byte[] content, String sender, String recipients, String proposedId, DsnOptions dsnOptions,
                           Instant now) {
        return accept(content, sender, recipients, proposedId, dsnOptions, null, now);
    }

    /**
     * As {@link #accept(byte[], String, String, String, DsnOptions, Instant)}, with who submitted
     * it (the JMS user the broker validated), named in the {@code Received:} field; null if unknown.
     */
    public Accepted accept(byte[] content, String sender, String recipients, String proposedId, DsnOptions dsnOptions,
                           String submitter, Instant now) {
        if (content == null || content.length == 0) {
            throw new InvalidSubmissionException("empty message");
        }
        checkSize(content.length);
        refuseLongLines(content);
        // Line ends made CRLF once, here, as the DATA encoder would make them on the wire: from
        // now on the headers we read (Bcc, From, the notice-loop checks) are the headers the
        // receiver reads, and a bare CR can no longer hide a field from us (LineEnds).
        byte[] normalised = LineEnds.toCrlf(content);
        checkSize(normalised.length);
        HeaderSection headers = HeaderSection.of(normalised);
        ReversePath reversePath = sender != null ? parseSender(sender) : senderFromHeaders(headers);
        List<MailAddress> rcpts = recipients != null ? Envelope.parseRecipients(recipients, limits)
                : recipientsFromHeaders(headers, limits);
        // Bcc is never delivered, whoever chose the recipients: with mtaRecipients given the
        // message would otherwise show every receiver the blind copies (RFC 5322 §3.6.3).
        byte[] deliverable = headers.withoutBcc();
        if (rcpts.isEmpty()) {
            throw new InvalidSubmissionException("no recipients");
        }
        String id = proposedId == null || proposedId.isBlank() ? MessageIds.next() : proposedId.strip();
        if (!MessageIds.isAcceptable(id)) {
            throw new InvalidSubmissionException("bad mtaId '" + Envelope.printable(id)
                    + "' (1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)");
        }
        DsnRequest dsn;
        RecipientDsn notify;
        try {
            dsn = DsnRequest.parse(dsnOptions.ret(), dsnOptions.envelopeId() == null ? null : Xtext.encode(dsnOptions.envelopeId()));
            notify = dsnOptions.notifyValue() == null || dsnOptions.notifyValue().isBlank() ? RecipientDsn.NONE
                    : RecipientDsn.parse(dsnOptions.notifyValue(), null);
        } catch (IllegalArgumentException e) {
            throw new InvalidSubmissionException("bad DSN option: " + e.getMessage());
        }
        // A gateway into SMTP stamps what it relays (RFC 5321 §3.7.2) and completes the fields
        // RFC 5322 §3.6 requires, once, here, so every recipient domain gets the same message.
        String messageId = headers.first("Message-ID") == null ? trace.messageId(id) : headers.messageId();
        String from = reversePath.isNull() ? "MAILER-DAEMON@" + trace.hostname() : reversePath.mailbox().toString();
        byte[] stamped = trace.stamp(deliverable, HeaderSection.of(deliverable),
                trace.received(submitter, id, now), messageId, from, now);
        return new Accepted(new Envelope(id, reversePath, rcpts, messageId, now), stamped, dsn, notify,
                trace.loop(headers));
    }

    /** Also called by {@link SubmissionProcessor} with the JMS body's length, before the body is read. */
    void checkSize(long octets) {
        if (octets > maxMessageSize) {
            throw new InvalidSubmissionException("message size " + octets + " exceeds the limit of "
                    + maxMessageSize + " octets (mta.max-message-size)");
        }
    }

    // A longer line breaks RFC 5322 and some receivers refuse it (Exim's message_linelength_limit);
    // folding it, as Postfix's smtp_line_length_limit does, would change the message and break
    // its signatures. So the submitter hears of it at once, rather than from a bounce later.
    private static void refuseLongLines(byte[] content) {
        int line = 1;
        int length = 0;
        for (int i = 0; i <= content.length; i++) {
            boolean end = i == content.length || content[i] == '\r' || content[i] == '\n';
            if (!end) {
                length++;
                continue;
            }
            if (length > MAX_LINE_OCTETS) {
                throw new InvalidSubmissionException("line " + line + " is " + length + " octets, more than "
                        + MAX_LINE_OCTETS + " (RFC 5322 section 2.1.1); encode the body (quoted-printable or base64)");
            }
            if (i < content.length && content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                i++;
            }
            line++;
            length = 0;
        }
    }

    private static ReversePath parseSender(String sender) {
        try {
            return ReversePath.parse(sender);
        } catch (AddressException e) {
            throw new InvalidSubmissionException("bad sender '" + Envelope.printable(sender) + "': " + e.getMessage());
        }
    }

    private static ReversePath senderFromHeaders(HeaderSection headers) {
        List<String> from = headers.addresses("From");
        if (from.isEmpty()) {
            throw new InvalidSubmissionException("no sender: no mtaSender property and no From header");
        }
        return parseSender(from.get(0));
    }

    private static List<MailAddress> recipientsFromHeaders(HeaderSection headers, RecipientLimits limits) {
        RecipientLimits.Collector result = limits.collector();
        for (String address : headers.addresses("To", "Cc", "Bcc")) {
            MailAddress parsed;
            try {
                parsed = MailAddress.parse(address);
            } catch (AddressException e) {
                throw new InvalidSubmissionException("bad recipient '" + Envelope.printable(address) + "' in headers: "
                        + e.getMessage());
            }
            result.add(parsed);
        }
        return result.recipients();
    }
}
