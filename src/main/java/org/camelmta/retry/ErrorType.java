package org.camelmta.retry;

import java.time.Duration;
import java.util.Locale;

/**
 * The second field of a retry rule: which errors the rule applies to. The names and their
 * meaning are Exim's ({@code readconf_retry_error} and {@code retry_find_config}):
 * {@code *}, {@code refused}, {@code refused_MX}, {@code refused_A}, {@code timeout},
 * {@code timeout_MX}, {@code timeout_A}, {@code timeout_connect}, {@code timeout_connect_MX},
 * {@code timeout_connect_A}, {@code lost_connection}, {@code auth_failed}, {@code tls_required},
 * {@code lookup}, {@code mail_4xx}, {@code rcpt_4xx}, {@code data_4xx} (either the last digit
 * or both given: {@code rcpt_45x}, {@code rcpt_452}), {@code quota} and {@code quota_<time>}.
 */
public final class ErrorType {

    enum Kind {
        ANY, REFUSED, TIMEOUT, LOST_CONNECTION, AUTH_FAILED, TLS_REQUIRED, LOOKUP, MAIL_4XX, RCPT_4XX, DATA_4XX, QUOTA
    }

    /** Exim's encoding of the wanted 4xx code: 255 any, 100 + decade for {@code 4dx}, else the last two digits. */
    private static final int ANY_CODE = 255;

    private final String name;
    private final Kind kind;
    private final Boolean mx;
    private final boolean connectOnly;
    private final int wantedCode;
    private final Duration quotaIdle;

    private ErrorType(String name, Kind kind, Boolean mx, boolean connectOnly, int wantedCode, Duration quotaIdle) {
        this.name = name;
        this.kind = kind;
        this.mx = mx;
        this.connectOnly = connectOnly;
        this.wantedCode = wantedCode;
        this.quotaIdle = quotaIdle;
    }

    /** The type that matches every error. */
    public static final ErrorType ANY = new ErrorType("*", Kind.ANY, null, false, ANY_CODE, Duration.ZERO);

    /**
     * Parses the error field of a rule.
     *
     * @throws IllegalArgumentException saying what is wrong, in Exim's words where it has them
     */
    public static ErrorType parse(String field) {
        if (field.equals("*")) {
            return ANY;
        }
        String lower = field.toLowerCase(Locale.ROOT);
        int us = lower.indexOf('_');
        String base = us < 0 ? lower : lower.substring(0, us);
        String rest = us < 0 ? null : lower.substring(us + 1);
        switch (base) {
            case "quota":
                Duration idle = rest == null ? Duration.ZERO : quotaTime(rest);
                return new ErrorType(field, Kind.QUOTA, null, false, ANY_CODE, idle);
            case "refused":
                Boolean mx = hostQualifier(rest, "refused");
                return new ErrorType(field, Kind.REFUSED, mx, false, ANY_CODE, Duration.ZERO);
            case "timeout":
                return timeout(field, rest);
            case "mail", "rcpt", "data":
                if (rest != null && rest.startsWith("4")) {
                    return reply(field, base, rest);
                }
                break;
            default:
                break;
        }
        return switch (lower) {
            case "lost_connection" -> new ErrorType(field, Kind.LOST_CONNECTION, null, false, ANY_CODE, Duration.ZERO);
            case "auth_failed" -> new ErrorType(field, Kind.AUTH_FAILED, null, false, ANY_CODE, Duration.ZERO);
            case "tls_required" -> new ErrorType(field, Kind.TLS_REQUIRED, null, false, ANY_CODE, Duration.ZERO);
            case "lookup" -> new ErrorType(field, Kind.LOOKUP, null, false, ANY_CODE, Duration.ZERO);
            default -> throw new IllegalArgumentException("unknown or malformed retry error \"" + field
                    + "\" (expected *, refused, timeout, timeout_connect, lost_connection, auth_failed, "
                    + "tls_required, lookup, mail_4xx, rcpt_4xx, data_4xx or quota)");
        };
    }

    private static Duration quotaTime(String text) {
        try {
            return Duration.ofSeconds(RetryTimes.parseSeconds(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad time value in quota_" + text);
        }
    }

    private static Boolean hostQualifier(String rest, String base) {
        if (rest == null) {
            return null;
        }
        return switch (rest) {
            case "mx" -> Boolean.TRUE;
            case "a" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("A or MX expected after \"" + base + "\"");
        };
    }

    private static ErrorType timeout(String field, String rest) {
        if (rest == null) {
            return new ErrorType(field, Kind.TIMEOUT, null, false, ANY_CODE, Duration.ZERO);
        }
        boolean connect = rest.equals("connect") || rest.startsWith("connect_");
        String qualifier = rest;
        if (connect) {
            qualifier = rest.length() > "connect".length() ? rest.substring("connect_".length()) : null;
        }
        Boolean mx;
        try {
            mx = hostQualifier(qualifier, "timeout");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "\"A\", \"MX\", \"connect\", \"connect_A\" or \"connect_MX\" expected after \"timeout\"");
        }
        return new ErrorType(field, Kind.TIMEOUT, mx, connect, ANY_CODE, Duration.ZERO);
    }

    // mail_4xx, rcpt_45x, data_452: Exim accepts "xx", "dx" and "dd" after the 4.
    private static ErrorType reply(String field, String base, String rest) {
        String bad = base + "_4 must be followed by xx, dx, or dd, where x is literal and d is any digit";
        if (rest.length() != 3) {
            throw new IllegalArgumentException(bad);
        }
        char a = rest.charAt(1);
        char b = rest.charAt(2);
        int wanted;
        if (Character.isDigit(a)) {
            if (Character.isDigit(b)) {
                wanted = (a - '0') * 10 + (b - '0');
            } else if (b == 'x') {
                wanted = 100 + (a - '0') * 10;
            } else {
                throw new IllegalArgumentException(bad);
            }
        } else if (a == 'x' && b == 'x') {
            wanted = ANY_CODE;
        } else {
            throw new IllegalArgumentException(bad);
        }
        Kind kind = switch (base) {
            case "mail" -> Kind.MAIL_4XX;
            case "rcpt" -> Kind.RCPT_4XX;
            default -> Kind.DATA_4XX;
        };
        return new ErrorType(field, kind, null, false, wanted, Duration.ZERO);
    }

    /**
     * Whether a rule with this error field applies to the error. A mailbox-full reply matches
     * {@code quota} and also the {@code rcpt_4xx}/{@code data_4xx} forms its code fits, so the
     * first of those rules wins as usual.
     */
    public boolean matches(RetryError e) {
        return switch (kind) {
            case ANY -> true;
            case REFUSED -> e.kind() == RetryError.Kind.REFUSED && (mx == null || mx == e.fromMx());
            case TIMEOUT -> e.kind() == RetryError.Kind.TIMEOUT && (!connectOnly || e.connect())
                    && (mx == null || mx == e.fromMx());
            case LOST_CONNECTION -> e.kind() == RetryError.Kind.LOST_CONNECTION;
            case AUTH_FAILED -> e.kind() == RetryError.Kind.AUTH_FAILED;
            case TLS_REQUIRED -> e.kind() == RetryError.Kind.TLS_REQUIRED;
            case LOOKUP -> e.kind() == RetryError.Kind.LOOKUP;
            case MAIL_4XX -> e.kind() == RetryError.Kind.MAIL_4XX && codeMatches(e.code());
            case RCPT_4XX -> e.kind() == RetryError.Kind.RCPT_4XX && codeMatches(e.code());
            case DATA_4XX -> e.kind() == RetryError.Kind.DATA_4XX && codeMatches(e.code());
            // Exim: quota_<time> applies only when the mailbox has been idle at least that long.
            case QUOTA -> e.quota() && quotaIdle.compareTo(e.mailboxIdle()) <= 0;
        };
    }

    private boolean codeMatches(int code) {
        if (wantedCode == ANY_CODE) {
            return true;
        }
        int value = code - 400;
        if (wantedCode >= 100) {
            return (value / 10) * 10 == wantedCode - 100;
        }
        return value == wantedCode;
    }

    /** The field as written in the rule. */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorType other && other.name.equalsIgnoreCase(name);
    }

    @Override
    public int hashCode() {
        return name.toLowerCase(Locale.ROOT).hashCode();
    }
}
