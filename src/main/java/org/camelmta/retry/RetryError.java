package org.camelmta.retry;

import java.time.Duration;
import java.util.Locale;
import org.camelmta.dns.Hop;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.ConnectionAttempt;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpReply;

/**
 * A temporary failure as Exim's retry rules see it: the error class a rule's second field
 * matches, and the scope that decides which hint records it (host, message, address, domain).
 * This is the one place where the SMTP layer's outcomes are classified for retrying.
 *
 * @param kind        the error class
 * @param scope       what the failure is about
 * @param fromMx      whether the host came from an MX record (Exim's {@code _MX}; else {@code _A})
 * @param connect     for timeouts: whether it was the connect that timed out
 * @param code        the reply code for the 4xx kinds (0 when there was no reply)
 * @param quota       whether the reply said the mailbox is full (enhanced status 4.2.2)
 * @param mailboxIdle how long the mailbox has not been read, when known (an SMTP reply never
 *                    says, so this is zero and Exim's {@code quota_<time>} does not match it)
 * @param text        what happened, for the record and the bounce
 */
public record RetryError(Kind kind, HintScope scope, boolean fromMx, boolean connect, int code, boolean quota,
                         Duration mailboxIdle, String text) {

    /** Error classes, as Exim's retry rules name them. */
    public enum Kind {
        REFUSED, TIMEOUT, LOST_CONNECTION, AUTH_FAILED, TLS_REQUIRED, LOOKUP, MAIL_4XX, RCPT_4XX, DATA_4XX,
        /** Anything else (a 4xx to the banner or EHLO, garbage from the server): only {@code *} matches. */
        OTHER
    }

    private static final String ENHANCED_MAILBOX_FULL = "4.2.2";

    public RetryError {
        mailboxIdle = mailboxIdle == null ? Duration.ZERO : mailboxIdle;
        text = text == null ? "" : text;
    }

    /** The error behind one recipient's result. */
    public static RetryError of(RecipientResult result) {
        return classify(result.phase(), result.cause(), result.reply(), result.hop());
    }

    /** The error behind a connection that failed. */
    public static RetryError of(ConnectionAttempt attempt) {
        if (!attempt.isFailure()) {
            throw new IllegalArgumentException("connection to " + attempt.hop() + " did not fail");
        }
        return classify(attempt.phase(), attempt.cause(), attempt.failure(), attempt.hop());
    }

    /**
     * Exim's classification (spec "Retry rules for specific errors" and its three categories of
     * temporary error): timeouts after MAIL, RCPT and the final dot and a lost connection after
     * the dot belong to the message or recipient; everything else that breaks the session is a
     * host error. A 421 always means the host is closing, so it is a host error too.
     */
    public static RetryError classify(Phase phase, Cause cause, SmtpReply reply, Hop hop) {
        boolean mx = hop != null && hop.fromMx();
        String text = reply != null ? reply.toString() : String.valueOf(cause);
        Phase p = phase == null ? Phase.CONNECT : phase;
        if (p == Phase.LOOKUP) {
            return new RetryError(Kind.LOOKUP, HintScope.DOMAIN, mx, false, 0, false, null, text);
        }
        Cause c = cause == null ? Cause.REPLY : cause;
        return switch (c) {
            case REFUSED -> new RetryError(Kind.REFUSED, HintScope.HOST, mx, false, 0, false, null, text);
            case TIMEOUT -> new RetryError(Kind.TIMEOUT, timeoutScope(p), mx, p == Phase.CONNECT, 0, false, null, text);
            case LOST_CONNECTION -> new RetryError(Kind.LOST_CONNECTION,
                    p == Phase.DATA_END ? HintScope.MESSAGE : HintScope.HOST, mx, false, 0, false, null, text);
            case TLS -> new RetryError(Kind.TLS_REQUIRED, HintScope.HOST, mx, false, 0, false, null, text);
            case PROTOCOL -> new RetryError(Kind.OTHER, HintScope.HOST, mx, false, 0, false, null, text);
            case LOCAL -> new RetryError(Kind.OTHER, commandScope(p), mx, false, 0, false, null, text);
            case REPLY -> ofReply(p, reply, mx, text);
        };
    }

    private static RetryError ofReply(Phase p, SmtpReply reply, boolean mx, String text) {
        int code = reply == null ? 0 : reply.code();
        boolean transient4xx = code / 100 == 4;
        if (p == Phase.AUTH) {
            return new RetryError(Kind.AUTH_FAILED, HintScope.HOST, mx, false, code, false, null, text);
        }
        if (p == Phase.STARTTLS) {
            return new RetryError(Kind.TLS_REQUIRED, HintScope.HOST, mx, false, code, false, null, text);
        }
        Kind kind = switch (p) {
            case MAIL -> Kind.MAIL_4XX;
            case RCPT -> Kind.RCPT_4XX;
            case DATA, DATA_END -> Kind.DATA_4XX;
            default -> Kind.OTHER;
        };
        if (!transient4xx) {
            kind = Kind.OTHER;
        }
        boolean quota = transient4xx && (kind == Kind.RCPT_4XX || kind == Kind.DATA_4XX)
                && ENHANCED_MAILBOX_FULL.equals(reply.enhancedStatus());
        HintScope scope = code == 421 ? HintScope.HOST : commandScope(p);
        return new RetryError(kind, scope, mx, false, code, quota, null, text);
    }

    // "Timeouts during the session, other than in response to MAIL, RCPT or the final dot" are
    // host errors; a timeout after the DATA command itself is a host error as well.
    private static HintScope timeoutScope(Phase p) {
        return switch (p) {
            case MAIL, DATA_END -> HintScope.MESSAGE;
            case RCPT -> HintScope.ADDRESS;
            default -> HintScope.HOST;
        };
    }

    private static HintScope commandScope(Phase p) {
        return switch (p) {
            case MAIL, DATA, DATA_END -> HintScope.MESSAGE;
            case RCPT -> HintScope.ADDRESS;
            case LOOKUP -> HintScope.DOMAIN;
            default -> HintScope.HOST;
        };
    }

    /** The same error seen again later with the mailbox not read for {@code idle}. */
    public RetryError withMailboxIdle(Duration idle) {
        return new RetryError(kind, scope, fromMx, connect, code, quota, idle, text);
    }

    /**
     * The error's name in Exim's vocabulary, stored with the hint so that its rule can be found
     * again later: {@code refused_MX}, {@code timeout_connect_A}, {@code rcpt_452},
     * {@code quota(rcpt_452)}, {@code lookup}, {@code other}.
     */
    public String name() {
        String hostSuffix = fromMx ? "MX" : "A";
        String base = switch (kind) {
            case REFUSED -> "refused_" + hostSuffix;
            case TIMEOUT -> "timeout_" + (connect ? "connect_" : "") + hostSuffix;
            case LOST_CONNECTION -> "lost_connection";
            case AUTH_FAILED -> "auth_failed";
            case TLS_REQUIRED -> "tls_required";
            case LOOKUP -> "lookup";
            case MAIL_4XX -> "mail_" + code;
            case RCPT_4XX -> "rcpt_" + code;
            case DATA_4XX -> "data_" + code;
            case OTHER -> "other";
        };
        return quota ? "quota(" + base + ")" : base;
    }

    /** The error a stored {@link #name()} stands for (text and mailbox idle time are not kept). */
    public static RetryError fromName(String name, HintScope scope) {
        String n = name == null ? "other" : name.strip();
        boolean quota = n.startsWith("quota(") && n.endsWith(")");
        if (quota) {
            n = n.substring("quota(".length(), n.length() - 1);
        }
        String lower = n.toLowerCase(Locale.ROOT);
        boolean mx = lower.endsWith("_mx");
        if (lower.startsWith("refused")) {
            return new RetryError(Kind.REFUSED, scope, mx, false, 0, false, null, name);
        }
        if (lower.startsWith("timeout")) {
            return new RetryError(Kind.TIMEOUT, scope, mx, lower.startsWith("timeout_connect"), 0, false, null, name);
        }
        Kind kind = switch (lower.length() == 8 ? lower.substring(0, 5) : lower) {
            case "lost_connection" -> Kind.LOST_CONNECTION;
            case "auth_failed" -> Kind.AUTH_FAILED;
            case "tls_required" -> Kind.TLS_REQUIRED;
            case "lookup" -> Kind.LOOKUP;
            case "mail_" -> Kind.MAIL_4XX;
            case "rcpt_" -> Kind.RCPT_4XX;
            case "data_" -> Kind.DATA_4XX;
            default -> Kind.OTHER;
        };
        int code = 0;
        if (kind == Kind.MAIL_4XX || kind == Kind.RCPT_4XX || kind == Kind.DATA_4XX) {
            try {
                code = Integer.parseInt(lower.substring(5));
            } catch (NumberFormatException e) {
                kind = Kind.OTHER;
            }
        }
        return new RetryError(kind, scope, mx, false, code, quota, null, name);
    }
}
