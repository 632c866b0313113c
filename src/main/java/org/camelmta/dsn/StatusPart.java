package org.camelmta.dsn;

import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.OriginalRecipient;
import jakarta.mail.internet.MimeUtility;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.camelmta.submit.Envelope;

/**
 * The {@code message/delivery-status} content (RFC 3464 §2.1): the per-message fields, then one
 * block per recipient, blocks separated by a blank line, fields in the order of the RFC's
 * grammar, every line CRLF-terminated and long values folded. Written by hand because Jakarta
 * Mail has no writer for it (Angus' separate {@code dsn} module is not on the classpath).
 */
final class StatusPart {

    /** RFC 5322 §3.3 date-time, in UTC. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final String CRLF = "\r\n";

    private StatusPart() {
    }

    static String render(String reportingMta, OriginalMessage original, List<RecipientStatus> recipients) {
        StringBuilder sb = new StringBuilder(256 + 256 * recipients.size());
        Envelope envelope = original.envelope();
        String envid = original.dsn().envelopeId();
        if (envid != null) {
            field(sb, "Original-Envelope-Id", envid);
        }
        field(sb, "Reporting-MTA", "dns; " + reportingMta);
        if (envelope.submittedAt() != null) {
            field(sb, "Arrival-Date", date(envelope.submittedAt()));
        }
        if (envelope.id() != null && !envelope.id().isBlank()) {
            field(sb, "X-camel-mta-Queue-ID", RecipientStatus.printableAscii(envelope.id()));
        }
        field(sb, "X-camel-mta-Sender", OriginalRecipient.of(envelope.sender().mailbox()).fieldValue());
        for (RecipientStatus r : recipients) {
            sb.append(CRLF);
            if (r.originalRecipient() != null) {
                field(sb, "Original-Recipient", r.originalRecipient().fieldValue());
            }
            field(sb, "Final-Recipient", r.finalRecipientField());
            field(sb, "Action", r.action().fieldValue());
            field(sb, "Status", r.status());
            if (r.remoteMta() != null) {
                field(sb, "Remote-MTA", "dns; " + r.remoteMta());
            }
            if (r.diagnosticCode() != null) {
                field(sb, "Diagnostic-Code", r.diagnosticCode());
            }
            if (r.lastAttemptDate() != null) {
                field(sb, "Last-Attempt-Date", date(r.lastAttemptDate()));
            }
            if (r.willRetryUntil() != null) {
                field(sb, "Will-Retry-Until", date(r.willRetryUntil()));
            }
        }
        return sb.toString();
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    // Folding only ever happens at a space, so a value stays one field whatever its length;
    // values are printable ASCII by construction (RecipientStatus, DsnRequest check them).
    private static void field(StringBuilder sb, String name, String value) {
        sb.append(MimeUtility.fold(0, name + ": " + value)).append(CRLF);
    }
}
