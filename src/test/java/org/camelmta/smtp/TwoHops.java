package org.camelmta.smtp;

import static org.camelmta.smtp.DeliveryFixtures.ip;
import static org.camelmta.smtp.DeliveryFixtures.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.dns.StaticRoute;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SmtpSink;

/**
 * A destination with two MX hosts, each a sink: mx1 on 127.0.0.2 (preference 10), mx2 on
 * 127.0.0.3 (preference 20), one connection plan walking them in that order, and a deliverer
 * with a connection cache, so a test sees which server got which connection and which message.
 */
final class TwoHops implements AutoCloseable {

    /** Fast timeouts, and a short wait for the reply to the final dot, for the read-timeout faults. */
    static final SmtpTimeouts TIMEOUTS = new SmtpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofSeconds(1));

    final SmtpSink first;
    final SmtpSink second;
    final ConnectionPlan plan;
    final SmtpDeliverer deliverer;

    private TwoHops(SmtpSink first, SmtpSink second) {
        this.first = first;
        this.second = second;
        this.plan = new ConnectionPlan(DeliveryFixtures.DOMAIN, java.util.List.of(
                new Hop("mx1.example.test", 10, first.address(), first.port(), true),
                new Hop("mx2.example.test", 20, second.address(), second.port(), true)));
        this.deliverer = new SmtpDeliverer(new ConnectionCache(limits(10, Duration.ofMinutes(5), 100,
                Duration.ofMinutes(5)), Clock.systemUTC()), new DestinationLimiter(0));
    }

    static TwoHops start(UnaryOperator<SinkBuilder> first, UnaryOperator<SinkBuilder> second) throws Exception {
        SmtpSink a = first.apply(SmtpSink.builder().bind(ip("127.0.0.2"))).start();
        try {
            return new TwoHops(a, second.apply(SmtpSink.builder().bind(ip("127.0.0.3"))).start());
        } catch (Exception e) {
            a.close();
            throw e;
        }
    }

    static TwoHops start(UnaryOperator<SinkBuilder> first) throws Exception {
        return start(first, b -> b);
    }

    DeliveryReport deliver(ReconnectStrategy reconnect, String... localParts) {
        return deliver(DeliveryOptions.of(DeliveryFixtures.strategy("default", "client.test", TIMEOUTS))
                .withReconnect(reconnect), localParts);
    }

    DeliveryReport deliver(DeliveryOptions options, String... localParts) {
        return deliverer.deliver(plan, DeliveryFixtures.message(localParts), options);
    }

    /**
     * As {@link #deliver(DeliveryOptions, String...)}, but both hops come from a static route to
     * {@code [localhost]} (the name the sinks' test certificate shows) carrying {@code credentials}
     * (null for none), and certificates are checked against the test certificate.
     */
    DeliveryReport deliverRouted(DeliveryOptions options, RelayCredentials credentials, String... localParts) {
        ConnectionPlan routed = new ConnectionPlan(plan.domain(), plan.hops().stream()
                .map(h -> new Hop(h.host(), h.preference(), h.address(), h.port(), false,
                        new StaticRoute(StaticRoute.Kind.HOST, "localhost", null, h.port(), credentials)))
                .toList());
        return deliverer.deliver(routed, DeliveryFixtures.message(localParts),
                options.withTrust(SmtpTestSupport.sinkTrust()));
    }

    @Override
    public void close() {
        deliverer.cache().close();
        first.close();
        second.close();
    }
}
