package org.camelmta.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.dns.StaticRoute;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;

/**
 * What the protocol tests share: hops and plans built by hand (no DNS), timeouts with one phase
 * short, a deliverer with its own cache and limiter, messages, and readers of what a sink saw.
 */
final class SmtpTestSupport {

    /** Long enough never to fire in a test that does not test it; short enough to end a hung test. */
    static final Duration LONG = Duration.ofSeconds(4);
    static final ReversePath SENDER = ReversePath.parse("sender@example.org");
    static final String EHLO_NAME = "client.camel-mta.test";
    /** A small 7-bit message with CRLF line ends. */
    static final String SIMPLE = "From: sender@example.org\r\nTo: rcpt@example.com\r\nSubject: test\r\n\r\nHello.\r\n";

    private SmtpTestSupport() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A sink on {@code address} (127.0.0.x or ::1), port 0. */
    static SmtpSink sinkOn(String address, SinkBuilder builder) throws IOException {
        return builder.bind(ip(address)).port(0).start();
    }

    static Hop hop(String host, SmtpSink sink) {
        return new Hop(host, 10, sink.address(), sink.port(), true);
    }

    static ConnectionPlan plan(Hop... hops) {
        return new ConnectionPlan("example.com", List.of(hops));
    }

    static ConnectionPlan plan(SmtpSink sink) {
        return plan(hop("mx.example.com", sink));
    }

    /**
     * A plan to a relay: the static route {@code <sink address>:<port>} with {@code credentials}
     * (null for none), as {@code mta.routes.example.com} and {@code mta.auth.example.com.*} make it.
     */
    static ConnectionPlan relayPlan(SmtpSink sink, RelayCredentials credentials) {
        StaticRoute route = new StaticRoute(StaticRoute.Kind.ADDRESS, sink.address().getHostAddress(), sink.address(),
                sink.port(), credentials);
        return plan(new Hop(route.host(), 0, sink.address(), sink.port(), false, route));
    }

    /** Certificates checked against the sinks' test certificate (localhost, 127.0.0.1, ::1) only. */
    static ServerTrust sinkTrust() {
        return ServerTrust.of(SinkTls.trustStore(), "the test certificate");
    }

    static SmtpTimeouts allTimeouts(Duration d) {
        return new SmtpTimeouts(d, d, d, d, d, d, d, d, d);
    }

    /** {@link #LONG} everywhere but {@code phase}, which gets {@code shortOne}. */
    static SmtpTimeouts shortAt(Phase phase, Duration shortOne) {
        Duration l = LONG;
        return new SmtpTimeouts(
                phase == Phase.CONNECT ? shortOne : l,
                phase == Phase.GREETING ? shortOne : l,
                phase == Phase.STARTTLS ? shortOne : l,
                phase == Phase.EHLO ? shortOne : l,
                phase == Phase.MAIL ? shortOne : l,
                phase == Phase.RCPT ? shortOne : l,
                phase == Phase.DATA ? shortOne : l,
                phase == Phase.DATA_END ? shortOne : l,
                l);
    }

    static DeliveryOptions options(SmtpTimeouts timeouts, TlsPolicy tls) {
        return DeliveryOptions.of(new ConnectionStrategy("default", EHLO_NAME, List.of(), Map.of(), timeouts, tls));
    }

    static DeliveryOptions options(TlsPolicy tls) {
        return options(allTimeouts(LONG), tls);
    }

    static SessionOptions sessionOptions(SmtpTimeouts timeouts, TlsPolicy tls) {
        return new SessionOptions(EHLO_NAME, timeouts, tls, InsecureTls.socketFactory());
    }

    static SessionOptions sessionOptions(TlsPolicy tls) {
        return sessionOptions(allTimeouts(LONG), tls);
    }

    /** A deliverer with a cache of its own; close its cache after the test. */
    static SmtpDeliverer deliverer() {
        return new SmtpDeliverer(new ConnectionCache(new ConnectionCache.Limits(10, Duration.ofMinutes(1), 100,
                Duration.ofMinutes(5)), Clock.systemUTC()), new DestinationLimiter(10));
    }

    static List<MailAddress> addresses(String... recipients) {
        return Arrays.stream(recipients).map(MailAddress::parse).toList();
    }

    static byte[] message(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A transaction carrying {@code content}. */
    static MailTransaction txOf(String content, String... recipients) {
        return new MailTransaction(SENDER, addresses(recipients), message(content));
    }

    /** A transaction carrying {@link #SIMPLE}. */
    static MailTransaction tx(String... recipients) {
        return txOf(SIMPLE, recipients);
    }

    /** Everything the sink read in command mode on one connection, as text. */
    static String wire(SinkConnection connection) {
        return String.join("", connection.chunksAsText());
    }

    /** Everything the sink read in command mode on all its connections, as text. */
    static String wire(SmtpSink sink) {
        StringBuilder sb = new StringBuilder();
        sink.connections().forEach(c -> sb.append(wire(c)));
        return sb.toString();
    }

    /** How many command lines starting with {@code verb} the sink read on a connection. */
    static long countCommands(SinkConnection connection, String verb) {
        return wire(connection).lines().filter(l -> l.startsWith(verb)).count();
    }

    /** Milliseconds since {@code startNanos}. */
    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
