package org.camelmta.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.camelmta.dns.Hop;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.submit.MailAddress;

/**
 * An SMTP client session on one connection: greeting, EHLO (HELO when EHLO is refused),
 * STARTTLS and EHLO again, AUTH for relays, then any number of mail transactions
 * ({@link MailTransactionRunner}), then QUIT. Not thread-safe: one sender at a time, which the
 * connection cache guarantees by handing a session to one delivery at a time.
 */
public final class SmtpSession implements AutoCloseable {

    private final SmtpConnection connection;
    private final SessionOptions options;
    private final Instant openedAt;
    private EhloCapabilities capabilities;
    private int transactions;
    private boolean needsReset;
    private boolean broken;
    private Runnable onClose = () -> { };

    private SmtpSession(SmtpConnection connection, SessionOptions options, EhloCapabilities capabilities, Instant openedAt) {
        this.connection = connection;
        this.options = options;
        this.capabilities = capabilities;
        this.openedAt = openedAt;
    }

    /**
     * Connects and gets the session ready for mail.
     *
     * @throws SmtpFailure when the connection, the greeting, EHLO/HELO, STARTTLS or AUTH fails;
     *                     the connection is closed by then
     */
    public static SmtpSession open(Hop hop, InetAddress source, SessionOptions options) throws SmtpFailure {
        return open(hop, source, options, SmtpObserver.NONE);
    }

    /**
     * As {@link #open(Hop, InetAddress, SessionOptions)}, telling {@code observer} how long each
     * phase of the session takes, for as long as it lives.
     */
    public static SmtpSession open(Hop hop, InetAddress source, SessionOptions options, SmtpObserver observer)
            throws SmtpFailure {
        return open(hop, source, options, observer, Deadline.NONE);
    }

    /**
     * As {@link #open(Hop, InetAddress, SessionOptions, SmtpObserver)}, every phase bounded by
     * the delivery attempt's deadline {@code cap} too (until {@link #capAt} says otherwise).
     */
    static SmtpSession open(Hop hop, InetAddress source, SessionOptions options, SmtpObserver observer, Deadline cap)
            throws SmtpFailure {
        Instant opened = Instant.now();
        SmtpConnection c = SmtpConnection.open(hop, source, options.timeouts().connect(), observer, cap);
        try {
            SmtpReply greeting = c.read(Phase.GREETING, options.timeouts().greeting());
            if (greeting.code() != 220) {
                throw new SmtpFailure(greeting, Phase.GREETING, Cause.REPLY);
            }
            EhloCapabilities caps = hello(c, options);
            caps = secure(c, options, caps);
            if (options.credentials() != null) {
                authenticate(c, options, caps);
            }
            return new SmtpSession(c, options, caps, opened);
        } catch (SmtpFailure e) {
            if (e.cause() != Cause.PROTOCOL && e.reply().code() != 421) {
                quitAfterRefusal(c, options);
            }
            c.close();
            throw e;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * RFC 5321 §3.1, §4.1.1.10: a session ends with QUIT, also one the client gives up on
     * because the server refused it (a 554 greeting, EHLO and HELO refused, STARTTLS or AUTH
     * refused) or will not do what policy needs. Its reply is waited for, briefly: the RSET
     * timeout, within the attempt's deadline, and never for a 421 (the server has closed).
     * A connection that timed out, broke or spoke garbage was dropped already and gets none.
     */
    private static void quitAfterRefusal(SmtpConnection c, SessionOptions o) {
        if (c.isClosed()) {
            return;
        }
        try {
            c.writeCommand(Phase.QUIT, "QUIT", o.timeouts().rset());
            c.read(Phase.QUIT, o.timeouts().rset());
        } catch (SmtpFailure ignored) {
            // the server going away during QUIT changes nothing
        }
    }

    public Hop hop() {
        return connection.hop();
    }

    public InetAddress localAddress() {
        return connection.localAddress();
    }

    public EhloCapabilities capabilities() {
        return capabilities;
    }

    public boolean isTls() {
        return connection.isTls();
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** How many transactions reached end of data on this session. */
    public int transactions() {
        return transactions;
    }

    /**
     * Bounds every phase from now on by a delivery attempt's deadline; {@link Deadline#NONE}
     * before the session goes back to the cache, where the next attempt sets its own.
     */
    void capAt(Deadline attemptDeadline) {
        connection.capAt(attemptDeadline);
    }

    /** Whether the session can carry another transaction (after {@link #readyForReuse()}). */
    public boolean isUsable() {
        return !broken && !connection.isClosed();
    }

    /** Runs one mail transaction; never throws for what the server or network does. */
    public TransactionResult send(MailTransaction tx) {
        if (!isUsable()) {
            throw new IllegalStateException("session to " + hop() + " is not usable");
        }
        TransactionResult result = new MailTransactionRunner(this, tx).run();
        if (result.broken() != null) {
            close();
        }
        return result;
    }

    /**
     * Gets a cached session ready for its next transaction, which starts with RSET so it starts
     * clean and a dead connection shows itself before a message is trusted to it. When the
     * server offers PIPELINING the RSET goes out at the head of that transaction's command group
     * (RFC 2920 allows it anywhere in one), which saves a round trip per reused message; the walk
     * then treats a session that fails at that RSET as one that died while idle. Without
     * PIPELINING the RSET is sent and answered here. Either way a server that has already talked
     * unasked (often a 421 on its own idle timeout) is found now, without a command. Returns
     * false, closing the session, when it is dead.
     */
    public boolean readyForReuse() {
        if (!isUsable()) {
            return false;
        }
        try {
            if (connection.hasUnexpectedInput()) {
                close(); // a server that talks unasked is done with us
                return false;
            }
            if (capabilities.pipelining()) {
                needsReset = true;
                return true;
            }
            connection.writeCommand(Phase.RSET, "RSET", options.timeouts().rset());
            SmtpReply reply = connection.read(Phase.RSET, options.timeouts().rset());
            if (!reply.isPositive()) {
                close();
                return false;
            }
            needsReset = false;
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    /** QUIT politely, without waiting long, then close. */
    public void quit() {
        if (isUsable()) {
            try {
                connection.writeCommand(Phase.QUIT, "QUIT", options.timeouts().rset());
                connection.read(Phase.QUIT, options.timeouts().rset());
            } catch (SmtpFailure ignored) {
                // the server going away during QUIT changes nothing
            }
        }
        close();
    }

    @Override
    public void close() {
        broken = true;
        connection.close();
        Runnable hook = onClose;
        onClose = () -> { };
        hook.run();
    }

    /** Something to run once when the session closes (freeing its destination slot). */
    void onClose(Runnable hook) {
        this.onClose = hook;
    }

    // --- used by MailTransactionRunner ---

    SmtpConnection connection() {
        return connection;
    }

    SessionOptions options() {
        return options;
    }

    boolean needsReset() {
        return needsReset;
    }

    void transactionLeftOpen(boolean open) {
        needsReset = open;
    }

    void transactionCompleted() {
        transactions++;
    }

    // --- session set-up ---

    private static EhloCapabilities hello(SmtpConnection c, SessionOptions o) throws SmtpFailure {
        c.writeCommand(Phase.EHLO, "EHLO " + o.ehloName(), o.timeouts().ehlo());
        SmtpReply ehlo = c.read(Phase.EHLO, o.timeouts().ehlo());
        if (ehlo.isPositive()) {
            return EhloCapabilities.parse(ehlo);
        }
        if (!ehlo.isPermanent()) {
            throw new SmtpFailure(ehlo, Phase.EHLO, Cause.REPLY);
        }
        // RFC 5321 §3.2: a server that does not know EHLO gets HELO.
        c.writeCommand(Phase.EHLO, "HELO " + o.ehloName(), o.timeouts().ehlo());
        SmtpReply helo = c.read(Phase.EHLO, o.timeouts().ehlo());
        if (!helo.isPositive()) {
            throw new SmtpFailure(helo, Phase.EHLO, Cause.REPLY);
        }
        return EhloCapabilities.NONE;
    }

    private static EhloCapabilities secure(SmtpConnection c, SessionOptions o, EhloCapabilities caps) throws SmtpFailure {
        if (o.tlsPolicy() == TlsPolicy.DISABLED) {
            return caps;
        }
        if (!caps.startTls()) {
            if (o.tlsPolicy() == TlsPolicy.REQUIRE) {
                throw new SmtpFailure(SmtpReply.local(451, "4.7.4", "TLS is required, but was not offered by host "
                        + c.hop()), Phase.STARTTLS, Cause.TLS);
            }
            return caps;
        }
        // The tls timeout covers the whole negotiation, the reply to STARTTLS included (Stalwart's
        // timeout.tls, and SmtpTimeouts.forPhase): a server that goes quiet here is a TLS problem.
        c.writeCommand(Phase.STARTTLS, "STARTTLS", o.timeouts().tls());
        SmtpReply reply = c.read(Phase.STARTTLS, o.timeouts().tls());
        if (reply.code() != 220) {
            if (o.tlsPolicy() == TlsPolicy.REQUIRE || reply.code() == 421) {
                throw new SmtpFailure(reply, Phase.STARTTLS, reply.code() == 421 ? Cause.REPLY : Cause.TLS);
            }
            return caps; // opportunistic: the server declined, go on in clear on this connection
        }
        c.startTls(o.tlsFactory(), o.timeouts().tls());
        if (o.verification() != null) {
            verify(c, o.verification());
        }
        // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
        return hello(c, o);
    }

    /**
     * A hop with credentials, or one that requires TLS, must prove it is the configured server
     * before anything (EHLO, AUTH, mail) is said inside TLS. A failure defers (Postfix: 4.7.5
     * "Server certificate not verified") and is never retried in clear: Cause.LOCAL, not TLS.
     */
    private static void verify(SmtpConnection c, SessionOptions.Verification v) throws SmtpFailure {
        String why = v.trust().whyNotVerified(c.tlsSession(), v.identity());
        if (why != null) {
            throw new SmtpFailure(SmtpReply.local(451, "4.7.5", "server certificate of " + c.hop()
                    + " not verified: " + why + "; nothing sent to it"), Phase.STARTTLS, Cause.LOCAL);
        }
    }

    private static void authenticate(SmtpConnection c, SessionOptions o, EhloCapabilities caps) throws SmtpFailure {
        if (!c.isTls()) {
            throw new SmtpFailure(SmtpReply.local(451, "4.7.0", "refusing to send credentials to " + c.hop()
                    + " without TLS"), Phase.AUTH, Cause.LOCAL);
        }
        RelayCredentials cred = o.credentials();
        SmtpReply reply;
        if (caps.authMechanisms().contains("PLAIN")) {
            String token = base64("\0" + cred.username() + "\0" + cred.password());
            if (CommandLines.fits("AUTH PLAIN " + token, CommandLines.BASE_OCTETS)) {
                c.writeCommand(Phase.AUTH, "AUTH PLAIN " + token, o.timeouts().ehlo());
                reply = c.read(Phase.AUTH, o.timeouts().ehlo());
            } else {
                // RFC 4954 §4: an initial response that would take the AUTH line past RFC 5321's
                // 512 octets MUST NOT be used; the response answers the empty 334 instead
                // (its own line, which §4 lets reach 12288 octets).
                c.writeCommand(Phase.AUTH, "AUTH PLAIN", o.timeouts().ehlo());
                reply = c.read(Phase.AUTH, o.timeouts().ehlo());
                if (reply.code() == 334) {
                    c.writeCommand(Phase.AUTH, token, o.timeouts().ehlo());
                    reply = c.read(Phase.AUTH, o.timeouts().ehlo());
                }
            }
        } else if (caps.authMechanisms().contains("LOGIN")) {
            c.writeCommand(Phase.AUTH, "AUTH LOGIN", o.timeouts().ehlo());
            reply = c.read(Phase.AUTH, o.timeouts().ehlo());
            if (reply.code() == 334) {
                c.writeCommand(Phase.AUTH, base64(cred.username()), o.timeouts().ehlo());
                reply = c.read(Phase.AUTH, o.timeouts().ehlo());
            }
            if (reply.code() == 334) {
                c.writeCommand(Phase.AUTH, base64(cred.password()), o.timeouts().ehlo());
                reply = c.read(Phase.AUTH, o.timeouts().ehlo());
            }
        } else {
            throw new SmtpFailure(SmtpReply.local(451, "4.7.0", c.hop() + " offers no AUTH mechanism camel-mta speaks"
                    + " (PLAIN, LOGIN)"), Phase.AUTH, Cause.LOCAL);
        }
        if (reply.code() != 235) {
            throw new SmtpFailure(reply, Phase.AUTH, Cause.REPLY);
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Helper for the runner: a result for each of {@code recipients}. */
    List<RecipientResult> resultsFor(List<MailAddress> recipients, SmtpReply reply, Phase phase, Cause cause) {
        List<RecipientResult> results = new ArrayList<>(recipients.size());
        for (MailAddress r : recipients) {
            results.add(new RecipientResult(r, reply, phase, cause, hop(), localAddress(), capabilities.dsn()));
        }
        return results;
    }
}
