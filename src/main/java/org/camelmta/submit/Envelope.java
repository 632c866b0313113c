package org.camelmta.submit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a message is from and to, as SMTP carries it: the envelope of one submission, or of the
 * part of it bound for one recipient domain. Immutable: a partial delivery makes a new
 * envelope with the recipients still pending, never changes this one.
 */
public record Envelope(String id, ReversePath sender, List<MailAddress> recipients, String messageId,
                       Instant submittedAt) {

    public Envelope {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        recipients = List.copyOf(recipients);
        messageId = messageId == null ? "" : messageId;
    }

    /** The recipient domain, for an envelope that has been split by domain. */
    public String domain() {
        return recipients.get(0).domain();
    }

    /** Whether every recipient is in the same domain, so that splitting by domain gives one part. */
    public boolean singleDomain() {
        String first = recipients.get(0).domain();
        for (MailAddress r : recipients) {
            if (!r.domain().equals(first)) {
                return false;
            }
        }
        return true;
    }

    /** One envelope per recipient domain, in the order the domains first appear. */
    public List<Envelope> splitByDomain() {
        Map<String, List<MailAddress>> byDomain = new LinkedHashMap<>();
        for (MailAddress r : recipients) {
            byDomain.computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(r);
        }
        List<Envelope> parts = new ArrayList<>(byDomain.size());
        for (List<MailAddress> domainRecipients : byDomain.values()) {
            parts.add(withRecipients(domainRecipients));
        }
        return parts;
    }

    public Envelope withRecipients(List<MailAddress> newRecipients) {
        return new Envelope(id, sender, newRecipients, messageId, submittedAt);
    }

    /** The recipients as the {@code mtaRecipients} property carries them. */
    public String recipientList() {
        StringBuilder sb = new StringBuilder();
        for (MailAddress r : recipients) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(r);
        }
        return sb.toString();
    }

    /** Parses a comma-separated recipient list strictly; duplicates are dropped. */
    public static List<MailAddress> parseRecipients(String list) {
        return parseRecipients(list, RecipientLimits.NONE);
    }

    /**
     * Parses a comma-separated recipient list strictly; duplicates are dropped (in linear time).
     *
     * @throws InvalidSubmissionException on a bad address, or when the list passes a limit
     */
    public static List<MailAddress> parseRecipients(String list, RecipientLimits limits) {
        RecipientLimits.Collector result = limits.collector();
        for (String part : splitOutsideQuotes(list)) {
            if (part.isBlank()) {
                continue;
            }
            MailAddress address;
            try {
                address = MailAddress.parse(part);
            } catch (AddressException e) {
                throw new InvalidSubmissionException("bad recipient '" + printable(part) + "': " + e.getMessage());
            }
            result.add(address);
        }
        return result.recipients();
    }

    // A quoted local part may itself contain a comma ("a,b"@example.com).
    private static List<String> splitOutsideQuotes(String list) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    /** Text safe to put in a log line or a property: controls shown as \r, \n, \0 or \xNN. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && sb.length() < 300; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case 0 -> sb.append("\\0");
                default -> {
                    if (c < 32 || c == 127) {
                        sb.append(String.format("\\x%02X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString().strip();
    }
}
