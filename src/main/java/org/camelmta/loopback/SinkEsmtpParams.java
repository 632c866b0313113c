package org.camelmta.loopback;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camelmta.smtp.SmtpReply;

/**
 * Checks MAIL and RCPT parameters against the extensions the sink offers: a parameter of an
 * extension not offered, or any parameter after HELO, gets 555 (RFC 5321 §4.1.1.11); a bad
 * value gets 501.
 */
final class SinkEsmtpParams {

    private static final Set<String> NOTIFY_VALUES = Set.of("SUCCESS", "FAILURE", "DELAY");

    private SinkEsmtpParams() {
    }

    /** The refusal for MAIL's parameters, or null when they are fine. */
    static SmtpReply checkMail(Map<String, String> params, SinkSettings settings, boolean esmtp) {
        for (Map.Entry<String, String> param : params.entrySet()) {
            String key = param.getKey();
            String value = param.getValue();
            String extension = switch (key) {
                case "SIZE" -> "SIZE";
                case "BODY" -> "8BITMIME";
                case "SMTPUTF8" -> "SMTPUTF8";
                case "RET", "ENVID" -> "DSN";
                case "AUTH" -> "AUTH";
                default -> null;
            };
            if (extension == null || !esmtp || !settings.offers(extension)) {
                return unsupported(key);
            }
            boolean valid = switch (key) {
                case "SIZE" -> value.matches("[0-9]{1,18}");
                case "BODY" -> value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME");
                case "SMTPUTF8" -> value.isEmpty();
                case "RET" -> value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS");
                default -> !value.isEmpty();
            };
            if (!valid) {
                return bad(key, value);
            }
        }
        return null;
    }

    /** The refusal for RCPT's parameters, or null when they are fine. */
    static SmtpReply checkRcpt(Map<String, String> params, SinkSettings settings, boolean esmtp) {
        for (Map.Entry<String, String> param : params.entrySet()) {
            String key = param.getKey();
            String value = param.getValue();
            if (!(key.equals("NOTIFY") || key.equals("ORCPT")) || !esmtp || !settings.offers("DSN")) {
                return unsupported(key);
            }
            boolean valid = key.equals("NOTIFY") ? validNotify(value) : value.indexOf(';') > 0;
            if (!valid) {
                return bad(key, value);
            }
        }
        return null;
    }

    /** NEVER alone, or a list of SUCCESS, FAILURE and DELAY (RFC 3461 §4.1). */
    private static boolean validNotify(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.equals("NEVER")) {
            return true;
        }
        String[] items = upper.split(",", -1);
        for (String item : items) {
            if (!NOTIFY_VALUES.contains(item)) {
                return false;
            }
        }
        return true;
    }

    private static SmtpReply unsupported(String key) {
        return SmtpReply.local(555, "5.5.4", "Unsupported option: " + key);
    }

    private static SmtpReply bad(String key, String value) {
        return SmtpReply.local(501, "5.5.4", "Bad parameter value: " + key + "=" + value);
    }
}
