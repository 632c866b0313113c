package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.plan;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import java.util.Set;
import java.util.stream.Collectors;
import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stalwart's limits: {@code mx} hosts per attempt, {@code multihomed} addresses per host, and
 * Postfix's total address limit; defaults 5, 2 and 5.
 */
class PlanLimitsTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        StringBuilder zone = new StringBuilder();
        for (int host = 1; host <= 7; host++) {
            zone.append("@ 300 MX ").append(host * 10).append(" mx").append(host).append('\n');
            for (int address = 1; address <= 3; address++) {
                zone.append("mx").append(host).append(" 300 A 127.0.").append(host).append('.').append(address).append('\n');
            }
        }
        dns = server("example.com", zone.toString());
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void theDefaultsAllowFiveAddressesTwoPerHost() {
        try (MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(plan.size()).isEqualTo(5);
            assertThat(plan.hops()).extracting(Hop::host).containsExactly(
                    "mx1.example.com", "mx1.example.com", "mx2.example.com", "mx2.example.com", "mx3.example.com");
        }
    }

    @Test
    void theMxLimitCapsTheHosts() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.limits.mx=2", "mta.outbound.limits.addresses=100")) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(hostsOf(plan)).containsExactlyInAnyOrder("mx1.example.com", "mx2.example.com");
            assertThat(plan.size()).isEqualTo(4);
        }
    }

    @Test
    void theMultihomedLimitCapsTheAddressesOfEachHost() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.limits.multihomed=1", "mta.outbound.limits.addresses=100")) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(plan.hops()).extracting(Hop::host).containsExactly(
                    "mx1.example.com", "mx2.example.com", "mx3.example.com", "mx4.example.com", "mx5.example.com");
        }
    }

    @Test
    void theAddressLimitCapsThePlan() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.limits.multihomed=3", "mta.outbound.limits.addresses=4")) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(plan.hops()).extracting(Hop::host).containsExactly(
                    "mx1.example.com", "mx1.example.com", "mx1.example.com", "mx2.example.com");
        }
    }

    @Test
    void theMultihomedCapPicksDifferentAddressesAcrossBuilds() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.limits.multihomed=1", "mta.outbound.limits.mx=1")) {
            Set<String> firstAddresses = new java.util.HashSet<>();
            for (int i = 0; i < 60; i++) {
                firstAddresses.add(plan(resolver.plan("example.com")).first().address().getHostAddress());
            }
            // 60 draws from 3 addresses all equal: a missing one has probability 3 * (2/3)^60 ≈ 1e-10.
            assertThat(firstAddresses).containsExactlyInAnyOrder("127.0.1.1", "127.0.1.2", "127.0.1.3");
        }
    }

    private static Set<String> hostsOf(ConnectionPlan plan) {
        return plan.hops().stream().map(Hop::host).collect(Collectors.toSet());
    }
}
