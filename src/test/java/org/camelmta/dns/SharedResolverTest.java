package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.Test;

/** One resolver serves every delivery thread, sharing its cache. */
class SharedResolverTest {

    @Test
    void manyThreadsPlanAtOnceAndShareOneCache() throws Exception {
        StringBuilder zone = new StringBuilder();
        for (int d = 0; d < 20; d++) {
            zone.append("d").append(d).append(" 300 MX 10 mx").append(d % 4).append('\n');
        }
        zone.append("mx0 300 A 127.0.0.110\nmx1 300 A 127.0.0.111\nmx2 300 A 127.0.0.112\nmx3 300 AAAA ::1\n");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (ZoneDnsServer dns = server("example.com", zone.toString()); MxResolver resolver = resolver(dns)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                String domain = "d" + (i % 20) + ".example.com";
                results.add(threads.submit(() -> hosts(resolver.plan(domain))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).containsExactly("mx" + (i % 20 % 4) + ".example.com");
            }
            // Each name asked about a handful of times at most (threads racing on a cold cache),
            // not once per plan.
            assertThat(dns.queryCount("d7.example.com", "MX")).isBetween(1L, 8L);
            assertThat(resolver.stats().plans()).isEqualTo(800);
            assertThat(resolver.stats().queries()).isLessThan(200);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClosedResolverRefusesToPlan() {
        try (ZoneDnsServer dns = server("example.com", "")) {
            MxResolver resolver = resolver(dns);
            resolver.close();

            assertThatThrownBy(() -> resolver.plan("example.com")).isInstanceOf(IllegalStateException.class);
        }
    }
}
