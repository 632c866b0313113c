package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.camelmta.smtp.DeliveryFixtures.hop;
import static org.camelmta.smtp.DeliveryFixtures.ip;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.message;
import static org.camelmta.smtp.DeliveryFixtures.plan;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.camelmta.config.Settings;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stalwart's connection strategies as the server sees them: each strategy's source address
 * and EHLO name, the per-source EHLO override, sources matched to the destination's address
 * family (an IPv6 server gets the IPv6 source, an IPv4 server never does), a random source per
 * new connection that over many connections uses every one, and cached sessions that serve
 * only the strategy they were opened for.
 */
class SourceIpAndEhloPerStrategyTest {

    private static final Map<String, String> CONFIG = new LinkedHashMap<>();

    static {
        CONFIG.put("mta.connection.default.timeout.connect", "2s");
        CONFIG.put("mta.connection.default.timeout.greeting", "2s");
        CONFIG.put("mta.connection.default.timeout.ehlo", "2s");
        CONFIG.put("mta.connection.default.ehlo-hostname", "default.example");
        CONFIG.put("mta.connection.tenant-a.ehlo-hostname", "a.example");
        CONFIG.put("mta.connection.tenant-a.source-ips", "127.0.0.5");
        CONFIG.put("mta.connection.tenant-b.ehlo-hostname", "b.example");
        CONFIG.put("mta.connection.tenant-b.source-ips", "127.0.0.6, [::1]");
        CONFIG.put("mta.connection.pool.source-ips", "127.0.0.5 127.0.0.6 127.0.0.7 ::1");
        CONFIG.put("mta.source-ip.127.0.0.6.ehlo-hostname", "six.example");
    }

    private final ConnectionStrategies strategies = ConnectionStrategies.from(Settings.of(CONFIG), "host.example");
    private SmtpSink v4;
    private SmtpSink v6;
    private SmtpDeliverer deliverer;

    @BeforeEach
    void start() throws Exception {
        v4 = SmtpSink.builder().bind(ip("127.0.0.2")).start();
        v6 = SmtpSink.builder().bind(ip("::1")).start();
    }

    @AfterEach
    void stop() {
        if (deliverer != null) {
            deliverer.cache().close();
        }
        v4.close();
        v6.close();
    }

    @Test
    void eachStrategyConnectsFromItsSourceWithItsEhloName() {
        uncached();
        deliverTo(v4, "tenant-a");
        deliverTo(v4, "tenant-b");
        deliverTo(v4, "default");

        assertThat(v4.connections()).extracting(c -> c.remote().getAddress().getHostAddress(), SinkConnection::heloName)
                .containsExactly(
                        tuple("127.0.0.5", "a.example"),
                        tuple("127.0.0.6", "six.example"),
                        tuple("127.0.0.1", "default.example"));
    }

    @Test
    void ipv6DestinationGetsTheIpv6SourceAndItsOwnEhloName() {
        uncached();
        deliverTo(v6, "tenant-b");

        SinkConnection c = v6.connections().get(0);
        assertThat(c.remote().getAddress()).isEqualTo(ip("::1"));
        assertThat(c.heloName()).isEqualTo("b.example"); // the override is for 127.0.0.6 only
        assertThat(v6.delivered()).hasSize(1);
    }

    @Test
    void randomSourcePerConnectionUsesEveryOneOfTheFamilyAndNoOther() {
        uncached();
        for (int i = 0; i < 40; i++) {
            deliverTo(v4, "pool");
        }
        deliverTo(v6, "pool");

        Set<InetAddress> seen = new HashSet<>();
        v4.connections().forEach(c -> seen.add(c.remote().getAddress()));
        assertThat(v4.connectionCount()).isEqualTo(40);
        assertThat(seen).containsExactlyInAnyOrder(ip("127.0.0.5"), ip("127.0.0.6"), ip("127.0.0.7"));
        assertThat(v6.connections()).singleElement()
                .satisfies(c -> assertThat(c.remote().getAddress()).isEqualTo(ip("::1")));
        assertThat(v4.connections()).allSatisfy(c -> assertThat(c.heloName())
                .isEqualTo(c.remote().getAddress().equals(ip("127.0.0.6")) ? "six.example" : "default.example")); // unset: the default strategy's
    }

    @Test
    void cachedSessionServesOnlyItsOwnStrategy() {
        deliverer = new SmtpDeliverer(new ConnectionCache(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(5)),
                Clock.systemUTC()), new DestinationLimiter(0));
        deliverTo(v4, "tenant-a");
        deliverTo(v4, "tenant-b");
        deliverTo(v4, "tenant-a");
        deliverTo(v4, "tenant-b");

        assertThat(v4.connectionCount()).isEqualTo(2);
        assertThat(v4.delivered()).extracting(t -> t.connectionIndex() + " " + t.heloName())
                .containsExactly("0 a.example", "1 six.example", "0 a.example", "1 six.example");
    }

    private void uncached() {
        deliverer = new SmtpDeliverer(new ConnectionCache(limits(0, Duration.ofMinutes(5), 100, Duration.ofMinutes(5)),
                Clock.systemUTC()), new DestinationLimiter(0));
    }

    private void deliverTo(SmtpSink sink, String strategy) {
        DeliveryOptions options = DeliveryOptions.of(strategies.find(strategy).orElseThrow());
        DeliveryReport report = deliverer.deliver(plan(hop(sink)), message("someone"), options);
        assertThat(report.delivered()).as("%s via %s", report, strategy).hasSize(1);
    }
}
