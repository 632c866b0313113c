package org.camelmta.smtp;

import java.util.Locale;

/**
 * KumoMTA's {@code reconnect_strategy}: what delivery does after an error during a message
 * (a 421 with the connection closing, a write or read timeout, any other I/O error). Errors
 * while connecting (connect, banner, EHLO, STARTTLS, AUTH) never consult it: those always walk
 * on to the next address in the plan.
 */
public enum ReconnectStrategy {
    /** Close the session; the message is deferred, and the next delivery starts a fresh plan. */
    TERMINATE_SESSION("TerminateSession"),
    /** Close the connection and connect to the same host again (once per delivery attempt). */
    RECONNECT_SAME_HOST("ReconnectSameHost"),
    /** Close the connection and go on to the next host in the connection plan (the default). */
    CONNECT_NEXT_HOST("ConnectNextHost");

    private final String spelling;

    ReconnectStrategy(String spelling) {
        this.spelling = spelling;
    }

    /** KumoMTA's spelling. */
    public String spelling() {
        return spelling;
    }

    /** Parses KumoMTA's spelling ({@code ConnectNextHost}); case and separators are ignored. */
    public static ReconnectStrategy parse(String text) {
        String wanted = text.strip().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (ReconnectStrategy s : values()) {
            if (s.spelling.toLowerCase(Locale.ROOT).equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown reconnect strategy '" + text
                + "' (TerminateSession, ReconnectSameHost, ConnectNextHost)");
    }
}
