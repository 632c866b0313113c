package org.camelmta.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;
import org.camelmta.support.Mail;

/** Strategies, plans and messages for tests that deliver through the SMTP client to sinks. */
final class DeliveryFixtures {

    /** Short enough that a test that waits for one stays fast, long enough for a loaded machine. */
    static final SmtpTimeouts FAST = new SmtpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));

    static final String DOMAIN = "example.test";

    private DeliveryFixtures() {
    }

    static ConnectionStrategy strategy(String id, String ehlo) {
        return strategy(id, ehlo, FAST);
    }

    static ConnectionStrategy strategy(String id, String ehlo, SmtpTimeouts timeouts) {
        return new ConnectionStrategy(id, ehlo, List.of(), Map.of(), timeouts, TlsPolicy.OPPORTUNISTIC);
    }

    static DeliveryOptions options(ReconnectStrategy reconnect) {
        return DeliveryOptions.of(strategy("default", "client.test")).withReconnect(reconnect);
    }

    static Hop hop(String host, int preference, SmtpSink sink) {
        return new Hop(host, preference, sink.address(), sink.port(), true);
    }

    static Hop hop(SmtpSink sink) {
        return hop("mx.example.test", 10, sink);
    }

    static ConnectionPlan plan(Hop... hops) {
        return new ConnectionPlan(DOMAIN, List.of(hops));
    }

    /** A message from sender@origin.test to the given local parts at {@link #DOMAIN}. */
    static MailTransaction message(String... localParts) {
        List<MailAddress> to = Arrays.stream(localParts).map(l -> MailAddress.parse(l + "@" + DOMAIN)).toList();
        return new MailTransaction(ReversePath.parse("sender@origin.test"), to,
                Mail.simple("sender@origin.test", to.get(0).toString(), "test " + String.join(" ", localParts), "Hello.\r\n"));
    }

    static ConnectionCache.Limits limits(int size, Duration idle, int maxMessages, Duration maxAge) {
        return new ConnectionCache.Limits(size, idle, maxMessages, maxAge);
    }

    /** A deliverer with its own cache on the system clock and no connection cap. */
    static SmtpDeliverer deliverer(ConnectionCache.Limits limits) {
        return new SmtpDeliverer(new ConnectionCache(limits, Clock.systemUTC()), new DestinationLimiter(0));
    }

    /** A session to the sink, opened the way the deliverer opens one. */
    static SmtpSession open(SmtpSink sink) throws SmtpFailure {
        return SmtpSession.open(hop(sink), null,
                new SessionOptions("client.test", FAST, TlsPolicy.DISABLED, InsecureTls.socketFactory()));
    }

    static SessionKey key(SmtpSink sink, String strategy) {
        return new SessionKey(hop(sink).socketAddress(), strategy, TlsPolicy.DISABLED, null);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
