package org.camelmta.smtp;

import java.time.Duration;
import org.camelmta.config.Settings;

/**
 * How long each phase of an SMTP session may take (KumoMTA's {@code SmtpClientTimeouts},
 * Stalwart's {@code timeout.<stage>}). Every timeout bounds one whole phase, however slowly the
 * bytes come: from the first byte of the command to the last byte of its reply (a pipelined
 * reply from the reply before it), not a quiet spell between two reads. A server that sends
 * one byte a second still fails the phase when its time is up. Defaults are RFC 5321
 * §4.5.3.2's minimums; connect is Postfix's {@code smtp_connect_timeout}.
 *
 * @param connect      TCP connection set-up
 * @param greeting     the 220 banner
 * @param tls          STARTTLS: the command, its reply and the TLS handshake after it, together
 * @param ehlo         the EHLO (or HELO) reply, and each reply during AUTH
 * @param mailFrom     the MAIL FROM reply
 * @param rcptTo       each RCPT TO reply
 * @param data         the reply to DATA (354): RFC 5321's "DATA initiation"
 * @param dataEnd      the reply to the final "." (the server may be scanning the message)
 * @param rset         RSET before a cached connection is reused, and QUIT
 * @param dataTransfer sending the message body: each block written within it (RFC 5321
 *                     §4.5.3.2.5's 3-minute data block; Postfix's {@code smtp_data_xfer_timeout}),
 *                     and the whole body within it per started MiB, so a big message on a slow
 *                     link still fits while a server that reads just enough to keep each block
 *                     alive cannot hold the body for ever
 * @param attempt      a whole delivery attempt: every host of the plan and every phase on each;
 *                     past it the attempt ends, transient, whatever phase it is in
 */
public record SmtpTimeouts(Duration connect, Duration greeting, Duration tls, Duration ehlo, Duration mailFrom,
                           Duration rcptTo, Duration data, Duration dataEnd, Duration rset, Duration dataTransfer,
                           Duration attempt) {

    /** RFC 5321 §4.5.3.2.5: the data block timeout, here per started MiB of the body. */
    public static final Duration DEFAULT_DATA_TRANSFER = Duration.ofMinutes(3);
    /**
     * Well above DATA, its body and its final reply together (2 + 3 + 10 minutes for a message
     * up to 1 MiB), so a slow but honest server finishes, and short enough that a few servers
     * that trickle their replies cannot hold delivery threads for hours.
     */
    public static final Duration DEFAULT_ATTEMPT = Duration.ofMinutes(30);
    /** The unit {@link #dataTransfer} is counted in. */
    static final long TRANSFER_UNIT_OCTETS = 1024 * 1024;

    public static final SmtpTimeouts DEFAULTS = new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofSeconds(20), DEFAULT_DATA_TRANSFER,
            DEFAULT_ATTEMPT);

    /**
     * The nine phase timeouts alone: the message body gets {@code data} (as when one timeout
     * covered DATA and the body), the attempt {@link #DEFAULT_ATTEMPT}.
     */
    public SmtpTimeouts(Duration connect, Duration greeting, Duration tls, Duration ehlo, Duration mailFrom,
                        Duration rcptTo, Duration data, Duration dataEnd, Duration rset) {
        this(connect, greeting, tls, ehlo, mailFrom, rcptTo, data, dataEnd, rset, data, DEFAULT_ATTEMPT);
    }

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
                s.duration(prefix + "rset", base.rset),
                s.duration(prefix + "data-transfer", base.dataTransfer),
                s.duration(prefix + "attempt", base.attempt));
    }

    /** These timeouts with the whole attempt capped at {@code cap}. */
    public SmtpTimeouts withAttempt(Duration cap) {
        return new SmtpTimeouts(connect, greeting, tls, ehlo, mailFrom, rcptTo, data, dataEnd, rset, dataTransfer, cap);
    }

    /** These timeouts with {@code perMib} for each started MiB of a message body. */
    public SmtpTimeouts withDataTransfer(Duration perMib) {
        return new SmtpTimeouts(connect, greeting, tls, ehlo, mailFrom, rcptTo, data, dataEnd, rset, perMib, attempt);
    }

    /** How long a body of {@code octets} (as sent) may take to write: {@link #dataTransfer} per started MiB. */
    public Duration dataTransferFor(long octets) {
        long units = Math.max(1, (octets + TRANSFER_UNIT_OCTETS - 1) / TRANSFER_UNIT_OCTETS);
        return dataTransfer.multipliedBy(units);
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
