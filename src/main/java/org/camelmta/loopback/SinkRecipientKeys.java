package org.camelmta.loopback;

import java.util.List;
import java.util.Locale;
import org.camelmta.smtp.Phase;

/**
 * The sink's default behaviour keyed by the recipient's local part, in the style of KumoMTA's
 * test sink, so a delivery test chooses a server reaction just by addressing the message. The
 * table of local parts is in {@link SmtpSink}'s Javadoc; matching ignores case.
 */
final class SinkRecipientKeys {

    private SinkRecipientKeys() {
    }

    /** What to answer to {@code RCPT TO:<address>}. */
    static SinkAction atRcpt(String address) {
        String local = localPart(address);
        if (local.startsWith("stall-rcpt-")) {
            return SinkAction.stall();
        }
        if (local.startsWith("close-rcpt-")) {
            return SinkAction.close();
        }
        int code = leadingCode(local, 0);
        if (code == 0) {
            return SinkAction.proceed();
        }
        return SinkAction.reply(code, enhanced(code, Phase.RCPT) + " <" + address + ">: " + words(code) + " (keyed by address)");
    }

    /** What to do on DATA, given the accepted recipients. */
    static SinkAction atData(List<SinkRecipient> recipients) {
        return atPrefix(recipients, "stall-data-", "close-data-");
    }

    /** What to answer to the final dot, given the accepted recipients. */
    static SinkAction atDataEnd(List<SinkRecipient> recipients) {
        SinkAction action = atPrefix(recipients, "stall-dot-", "close-dot-");
        if (action.kind() != SinkAction.Kind.PROCEED) {
            return action;
        }
        for (SinkRecipient recipient : recipients) {
            String local = localPart(recipient.address());
            if (local.startsWith("data-")) {
                int code = leadingCode(local, "data-".length());
                if (code != 0) {
                    return SinkAction.reply(code, enhanced(code, Phase.DATA_END) + " message refused: " + words(code) + " (keyed by address)");
                }
            }
        }
        return SinkAction.proceed();
    }

    /** The enhanced status code (RFC 3463) that fits a reply code at a phase. */
    static String enhanced(int code, Phase phase) {
        boolean data = phase == Phase.DATA || phase == Phase.DATA_END;
        return switch (code) {
            case 421 -> "4.3.2";
            case 450 -> "4.2.1";
            case 451 -> "4.3.0";
            case 452 -> data ? "4.3.1" : "4.2.2";
            case 550 -> data ? "5.7.1" : "5.1.1";
            case 551 -> "5.1.6";
            case 552 -> data ? "5.3.4" : "5.2.2";
            case 553 -> "5.1.3";
            case 554 -> "5.7.1";
            default -> code / 100 + ".0.0";
        };
    }

    private static String words(int code) {
        return switch (code) {
            case 421 -> "closing connection";
            case 450 -> "mailbox unavailable";
            case 451 -> "local error in processing";
            case 452, 552 -> "insufficient storage";
            case 550 -> "mailbox unavailable";
            case 551 -> "user not local";
            case 553 -> "mailbox name not allowed";
            case 554 -> "rejected by policy";
            default -> "refused";
        };
    }

    private static SinkAction atPrefix(List<SinkRecipient> recipients, String stall, String close) {
        for (SinkRecipient recipient : recipients) {
            String local = localPart(recipient.address());
            if (local.startsWith(stall)) {
                return SinkAction.stall();
            }
            if (local.startsWith(close)) {
                return SinkAction.close();
            }
        }
        return SinkAction.proceed();
    }

    /** A 4xx or 5xx code followed by '-' at {@code from}, or 0. */
    private static int leadingCode(String local, int from) {
        if (local.length() < from + 4 || local.charAt(from + 3) != '-') {
            return 0;
        }
        char c0 = local.charAt(from);
        char c1 = local.charAt(from + 1);
        char c2 = local.charAt(from + 2);
        if ((c0 != '4' && c0 != '5') || c1 < '0' || c1 > '9' || c2 < '0' || c2 > '9') {
            return 0;
        }
        return (c0 - '0') * 100 + (c1 - '0') * 10 + (c2 - '0');
    }

    private static String localPart(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    }
}
