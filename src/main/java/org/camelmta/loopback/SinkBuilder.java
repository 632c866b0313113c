package org.camelmta.loopback;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.SmtpReply;

/**
 * Configures and starts an {@link SmtpSink}. Every option has a default that makes a plain,
 * accepting ESMTP server on 127.0.0.1 and a free port.
 */
public final class SinkBuilder {

    /** Postfix's default {@code message_size_limit}. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 10_240_000;
    /** Postfix's default {@code smtpd_recipient_limit}. */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;

    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port;
    private String hostname = "localhost";
    private final Set<String> switchedOff = new HashSet<>();
    private final List<String> extraExtensions = new ArrayList<>();
    private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
    private int closeAfterMessages;
    private SmtpReply greeting;
    private boolean retain = true;
    private Consumer<SinkTransaction> listener;
    private SSLContext tls;
    private String user;
    private String password;
    private byte[] inject = new byte[0];
    private SinkBehaviour behaviour;
    private final List<SinkFault> faults = new ArrayList<>();
    private boolean keyedRecipients = true;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private Duration roundTrip = Duration.ZERO;

    SinkBuilder() {
    }

    /** The address to listen on (default 127.0.0.1; {@code ::1} works as well). */
    public SinkBuilder bind(InetAddress address) {
        this.bind = Objects.requireNonNull(address, "address");
        return this;
    }

    /** The port to listen on; 0 (the default) takes any free port, see {@link SmtpSink#port()}. */
    public SinkBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /** The name in the greeting and the EHLO reply (default {@code localhost}). */
    public SinkBuilder hostname(String hostname) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        return this;
    }

    /**
     * Switches off advertised extensions by keyword: PIPELINING, SIZE, 8BITMIME, SMTPUTF8, DSN,
     * ENHANCEDSTATUSCODES, STARTTLS, AUTH. MAIL and RCPT parameters of an extension switched
     * off are refused with 555; so are all parameters after HELO. Commands are not switched
     * off: PIPELINING off still reads pipelined commands, STARTTLS and AUTH off still work when
     * configured, so a test can see whether a client uses what it was not offered.
     */
    public SinkBuilder without(String... keywords) {
        for (String keyword : keywords) {
            switchedOff.add(keyword.toUpperCase(Locale.ROOT));
        }
        return this;
    }

    /** Advertises one more EHLO line as given (the sink does not implement it). */
    public SinkBuilder advertise(String extensionLine) {
        extraExtensions.add(Objects.requireNonNull(extensionLine, "extensionLine"));
        return this;
    }

    /** The largest message accepted, in octets, advertised in SIZE; 0 for no limit. */
    public SinkBuilder maxMessageSize(long octets) {
        if (octets < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative: " + octets);
        }
        this.maxMessageSize = octets;
        return this;
    }

    /** The most recipients accepted in one transaction; more get {@code 452 4.5.3}. */
    public SinkBuilder maxRecipients(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1: " + count);
        }
        this.maxRecipients = count;
        return this;
    }

    /**
     * After {@code count} messages (transactions that reached the final dot) on one connection,
     * the next MAIL gets {@code 421 4.7.0} and the connection is closed; 0 (the default) for never.
     */
    public SinkBuilder closeAfterMessages(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("closeAfterMessages must not be negative: " + count);
        }
        this.closeAfterMessages = count;
        return this;
    }

    /**
     * The greeting, e.g. {@code greeting(554, "5.3.2 not accepting mail")}. After a 554 the sink
     * answers 503 to everything but QUIT (RFC 5321 §3.1); after a 421 it closes.
     */
    public SinkBuilder greeting(int code, String text) {
        this.greeting = SmtpReply.of(code, List.of(text));
        return this;
    }

    /**
     * Whether to keep transactions, message content and raw chunks for assertions (default
     * true). Without, the sink keeps counts only: what a benchmark wants.
     */
    public SinkBuilder retainMessages(boolean retain) {
        this.retain = retain;
        return this;
    }

    /**
     * Called on the connection's thread for each transaction that reached the final dot, with
     * its content, whatever the reply was, and whether or not messages are retained; after the
     * reply to the final dot has been sent, so a listener may stop the sink at once.
     */
    public SinkBuilder onMessage(Consumer<SinkTransaction> listener) {
        this.listener = listener;
        return this;
    }

    /** Offers STARTTLS with this server context. */
    public SinkBuilder tls(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** Offers AUTH PLAIN and AUTH LOGIN for this one user; refused with 538 before TLS. */
    public SinkBuilder credentials(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /**
     * Bytes written in the same write as the 220 reply to STARTTLS, before the handshake: what
     * a man in the middle could inject, and a client must discard (the client-side
     * counterpart of CVE-2011-0411's command injection).
     */
    public SinkBuilder injectAfterStartTlsReply(byte[] bytes) {
        this.inject = bytes.clone();
        return this;
    }

    /** The test's behaviour, asked at every phase after the scripted faults. */
    public SinkBuilder behaviour(SinkBehaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** Takes {@code action} every time {@code phase} is reached. */
    public SinkBuilder fault(Phase phase, SinkAction action) {
        return fault(SinkFault.at(phase, action));
    }

    /** A scripted fault; faults are asked in the order they were added. */
    public SinkBuilder fault(SinkFault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Whether recipient local parts choose the reply (default true), see {@link SmtpSink}. */
    public SinkBuilder keyedRecipients(boolean keyed) {
        this.keyedRecipients = keyed;
        return this;
    }

    /** How long a silent client may wait between commands before {@code 421 4.4.2} (default 5 minutes). */
    public SinkBuilder idleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + timeout);
        }
        this.idleTimeout = timeout;
        return this;
    }

    /**
     * Holds every batch of replies this long before sending it, as a server this far away (in
     * round-trip time) would be heard: benchmarks use it to see what a client's round trips cost
     * over a real network, which loopback hides. The replies to one pipelined group wait once,
     * not once each. Default zero.
     */
    public SinkBuilder roundTrip(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("roundTrip must not be negative: " + delay);
        }
        this.roundTrip = delay;
        return this;
    }

    /** Binds and starts accepting connections. */
    public SmtpSink start() throws IOException {
        SmtpReply hello = greeting != null ? greeting
                : SmtpReply.of(220, List.of(hostname + " ESMTP camel-mta smtp-sink"));
        SinkSettings settings = new SinkSettings(bind, port, hostname, Set.copyOf(switchedOff),
                List.copyOf(extraExtensions), maxMessageSize, maxRecipients, closeAfterMessages, hello, retain,
                listener, tls, user, password, inject.clone(), new SinkPolicy(faults, behaviour),
                keyedRecipients, idleTimeout, roundTrip);
        return SmtpSink.start(settings);
    }
}
