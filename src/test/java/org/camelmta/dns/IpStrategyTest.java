package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.addresses;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stalwart's ip-strategy: globally, per destination domain, and per message. */
class IpStrategyTest {

    private static final String V4 = "127.0.0.70";
    private static final String V6 = "0:0:0:0:0:0:0:1";

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                @        300 MX 10 dual
                dual     300 A    127.0.0.70
                dual     300 AAAA ::1
                v4only   300 MX 10 four
                four     300 A    127.0.0.71
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void theDefaultIsIpv4ThenIpv6() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(addresses(resolver.plan("example.com"))).containsExactly(V4, V6);
        }
    }

    @Test
    void ipv6ThenIpv4PutsTheAaaaAddressFirst() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv6_then_ipv4")) {
            assertThat(addresses(resolver.plan("example.com"))).containsExactly(V6, V4);
        }
    }

    @Test
    void ipv4OnlyNeitherUsesNorAsksForAaaa() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv4_only")) {
            assertThat(addresses(resolver.plan("example.com"))).containsExactly(V4);
        }
        assertThat(dns.queryCount("dual.example.com", "AAAA")).isZero();
    }

    @Test
    void ipv6OnlyNeitherUsesNorAsksForA() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv6_only")) {
            assertThat(addresses(resolver.plan("example.com"))).containsExactly(V6);
        }
        assertThat(dns.queryCount("dual.example.com", "A")).isZero();
    }

    @Test
    void ipv6OnlyForAnIpv4OnlyHostLeavesNoUsableHost() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv6_only")) {
            PlanFailure failure = failure(resolver.plan("v4only.example.com"));

            assertThat(failure.enhancedStatus()).isEqualTo("4.4.4");
            assertThat(failure.text()).contains("no IPv6 address for four.example.com");
        }
    }

    @Test
    void aDomainsOwnStrategyWinsOverTheGlobalOne() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv4_only",
                "mta.outbound.ip-strategy.example.com=ipv6_then_ipv4")) {
            assertThat(addresses(resolver.plan("example.com"))).containsExactly(V6, V4);
            assertThat(addresses(resolver.plan("v4only.example.com"))).containsExactly("127.0.0.71");
        }
    }

    @Test
    void theMessagesStrategyWinsOverTheDomainsOwn() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy.example.com=ipv6_only")) {
            assertThat(addresses(resolver.plan("example.com", IpStrategy.IPV4_ONLY))).containsExactly(V4);
            assertThat(addresses(resolver.plan("example.com", null))).containsExactly(V6);
        }
    }
}
