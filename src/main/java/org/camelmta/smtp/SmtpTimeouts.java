package org.camelmta.smtp;

import java.time.Duration;
import org.camelmta.config.Settings;

/**
 * How long each phase of an SMTP session may take (KumoMTA's {@code SmtpClientTimeouts},
 * Stalwart's {@code timeout.<stage>}). Every timeout applies to one command and its reply, or
 * to one block of message data, never to the whole transaction. Defaults are RFC 5321
 * §4.5.3.2's minimums; connect is Postfix's {@code smtp_connect_timeout}.
 *
 * @param connect   TCP connection set-up
 * @param greeting  the 220 banner
 * @param tls       the reply to STARTTLS and the TLS handshake after it
 * @param ehlo      the EHLO (or HELO) reply, and each reply during AUTH
 * @param mailFrom  the MAIL FROM reply
 * @param rcptTo    each RCPT TO reply
 * @param data      the reply to DATA (354), and each block of the message body written
 * @param dataEnd   the reply to the final "." (the server may be scanning the message)
 * @param rset      RSET before a cached connection is reused, and QUIT
 */
public record SmtpTimeouts(Duration connect, Duration greeting, Duration tls, Duration ehlo, Duration mailFrom,
                           Duration rcptTo, Duration data, Duration dataEnd, Duration rset) {

    public static final SmtpTimeouts DEFAULTS = new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofSeconds(20));

    /** Reads {@code <prefix>connect}, {@code <prefix>greeting}, ... falling back to {@code base}. */
    public static SmtpTimeouts from(Settings s, String prefix, SmtpTimeouts base) {
        return new SmtpTimeouts(
                s.duration(prefix + "connect", base.connect),
                s.duration(prefix + "greeting", base.greeting),
                s.duration(prefix + "tls", base.tls),
                s.duration(prefix + "ehlo", base.ehlo),
                s.duration(prefix + "mail-from", base.mailFrom),
                s.duration(prefix + "rcpt-to", base.rcptTo),
                s.duration(prefix + "data", base.data),
                s.duration(prefix + "data-end", base.dataEnd),
                s.duration(prefix + "rset", base.rset));
    }

    /** The timeout that governs the reply to a command of this phase. */
    public Duration forPhase(Phase phase) {
        return switch (phase) {
            case CONNECT -> connect;
            case GREETING -> greeting;
            case STARTTLS -> tls;
            case EHLO, AUTH -> ehlo;
            case MAIL -> mailFrom;
            case RCPT -> rcptTo;
            case DATA -> data;
            case DATA_END -> dataEnd;
            case RSET, QUIT, LOOKUP -> rset;
        };
    }
}
