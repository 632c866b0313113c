package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.Test;

/**
 * RFC 5321 §5.1: hosts of equal preference are tried in random order, drawn anew for every
 * plan, uniformly; worse preferences still come after.
 */
class EqualPreferenceShuffleTest {

    private static final int BUILDS = 2000;
    private static final List<String> EQUALS = List.of("a.example.com", "b.example.com", "c.example.com");
    // Chi-square with 2 degrees of freedom exceeds 30 with probability about 3e-7 for a
    // uniform shuffle; a biased one (say 45/30/25 %) lands near 80.
    private static final double CHI_SQUARE_LIMIT = 30.0;

    @Test
    void equalPreferenceHostsAreShuffledUniformlyAtEveryBuild() {
        Map<Integer, Map<String, Integer>> countsByPosition = new HashMap<>();
        Set<List<String>> orders = new HashSet<>();
        try (ZoneDnsServer dns = server("example.com", """
                @ 300 MX 10 a
                @ 300 MX 10 b
                @ 300 MX 10 c
                @ 300 MX 20 backup
                a 300 A 127.0.0.1
                b 300 A 127.0.0.2
                c 300 A 127.0.0.3
                backup 300 A 127.0.0.4
                """);
             MxResolver resolver = resolver(dns)) {
            for (int i = 0; i < BUILDS; i++) {
                List<String> hosts = hosts(resolver.plan("example.com"));
                assertThat(hosts).hasSize(4).endsWith("backup.example.com");
                orders.add(hosts.subList(0, 3));
                for (int position = 0; position < 3; position++) {
                    countsByPosition.computeIfAbsent(position, p -> new HashMap<>()).merge(hosts.get(position), 1, Integer::sum);
                }
            }
            // The MX answer was cached: the shuffle is per build, not per DNS answer.
            assertThat(dns.queryCount("example.com", "MX")).isEqualTo(1);
        }
        assertThat(orders).as("all six orders of three hosts").hasSize(6);
        double expected = BUILDS / 3.0;
        for (int position = 0; position < 3; position++) {
            Map<String, Integer> counts = countsByPosition.get(position);
            double chiSquare = 0;
            for (String host : EQUALS) {
                int observed = counts.getOrDefault(host, 0);
                chiSquare += (observed - expected) * (observed - expected) / expected;
            }
            assertThat(chiSquare).as("chi-square at position %d of %s", position, counts).isLessThan(CHI_SQUARE_LIMIT);
        }
    }
}
