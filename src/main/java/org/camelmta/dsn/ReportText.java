package org.camelmta.dsn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.camelmta.config.Durations;
import org.camelmta.smtp.Phase;

/**
 * The human-readable first part of a notice, in the manner of Postfix's bounce template: who
 * is reporting, what happened, what the sender should do, then one paragraph per recipient
 * with the remote server's reply as it was sent.
 */
final class ReportText {

    private static final int WIDTH = 76;
    private static final String CRLF = "\r\n";

    private ReportText() {
    }

    static String render(String reportingMta, NoticeKind kind, OriginalMessage original,
                         List<RecipientStatus> recipients, ReturnedContent returned, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("This is the mail system at host " + reportingMta + ".");
        lines.add("");
        switch (kind) {
            case FAILURE -> {
                wrap(lines, "Your message could not be delivered to one or more of its recipients."
                        + " The reasons are given below. " + returnedSentence(returned), "");
                lines.add("");
                wrap(lines, "If you need help, forward this report to the postmaster of your own mail"
                        + " system; please leave the report in.", "");
            }
            case DELAY -> {
                lines.add("This is a warning only. You do not need to send your message again.");
                lines.add("");
                Instant arrival = original.envelope().submittedAt();
                String waited = arrival == null ? "" : "; it has been waiting for " + human(Duration.between(arrival, now));
                Instant until = recipients.stream().map(RecipientStatus::willRetryUntil)
                        .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
                wrap(lines, "Your message has not yet been delivered to the recipients below" + waited
                        + ". The mail system will keep trying"
                        + (until == null ? "" : " until " + StatusPart.date(until))
                        + ", and will write again only if it has to give up. " + returnedSentence(returned), "");
            }
            case SUCCESS -> {
                boolean relayed = recipients.stream().anyMatch(r -> r.action() == DsnAction.RELAYED);
                wrap(lines, "Your message was delivered to the recipients below, as you asked to be told.", "");
                if (relayed) {
                    lines.add("");
                    wrap(lines, "Where it says \"relayed\", the message was handed to a mail server that"
                            + " does not send delivery reports, so this is the last report about"
                            + " those recipients.", "");
                }
                lines.add("");
                wrap(lines, returnedSentence(returned), "");
            }
            default -> throw new IllegalStateException(kind.name());
        }
        lines.add("");
        lines.add("                   The mail system");
        for (RecipientStatus r : recipients) {
            lines.add("");
            wrap(lines, recipientLine(r), "    ");
        }
        return String.join(CRLF, lines) + CRLF;
    }

    private static String returnedSentence(ReturnedContent returned) {
        if (returned.full()) {
            return "Your message is attached below.";
        }
        if (returned.whyHeadersOnly() != null) {
            return "Only the headers of your message are attached below: " + returned.whyHeadersOnly() + ".";
        }
        return "The headers of your message are attached below.";
    }

    private static String recipientLine(RecipientStatus r) {
        StringBuilder sb = new StringBuilder("<").append(r.finalRecipient()).append(">: ");
        if (r.action().isSuccess()) {
            sb.append(r.action().fieldValue());
            if (r.remoteMta() != null) {
                sb.append(" to host ").append(r.remoteMta());
            }
            if (r.diagnosticText() != null) {
                sb.append(": ").append(r.diagnosticText());
            }
            return sb.toString();
        }
        if (r.remoteMta() != null && r.diagnosticText() != null) {
            sb.append("host ").append(r.remoteMta()).append(" said: ").append(r.diagnosticText());
            String command = command(r.phase());
            if (command != null) {
                sb.append(" (in reply to ").append(command).append(')');
            }
        } else if (r.diagnosticText() != null) {
            sb.append(r.diagnosticText());
        } else {
            sb.append(r.action().fieldValue()).append(", status ").append(r.status());
        }
        return sb.toString();
    }

    private static String command(Phase phase) {
        if (phase == null) {
            return null;
        }
        return switch (phase) {
            case LOOKUP, CONNECT -> null;
            case GREETING -> "initial greeting";
            case MAIL -> "MAIL FROM command";
            case RCPT -> "RCPT TO command";
            case DATA_END -> "end of DATA command";
            default -> phase.name() + " command";
        };
    }

    private static String human(Duration d) {
        long minutes = d.toMinutes();
        return minutes < 1 ? "less than a minute" : Durations.format(Duration.ofMinutes(minutes));
    }

    // Breaks at spaces to lines of at most WIDTH characters; a word longer than a line stays
    // whole (SMTP reply lines are at most 512 characters, well inside RFC 5322's 998).
    private static void wrap(List<String> out, String text, String indent) {
        StringBuilder line = new StringBuilder();
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.add(line.toString());
                line.setLength(0);
                line.append(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        if (!empty) {
            out.add(line.toString());
        }
    }
}
