package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.plan;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 5321 §5.1: MX hosts in preference order, and the domain's own address never used. */
class MxPreferenceOrderTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                @    300 A  127.0.0.99
                @    300 AAAA ::99
                @    300 MX 30 mx3
                @    300 MX 10 mx1
                @    300 MX 20 mx2
                mx1  300 A 127.0.0.1
                mx2  300 A 127.0.0.2
                mx3  300 A 127.0.0.3
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void hostsComeInPreferenceOrderWithTheirPreferenceAndPort() {
        try (MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(plan.domain()).isEqualTo("example.com");
            assertThat(plan.hops()).extracting(Hop::toString).containsExactly(
                    "mx1.example.com[127.0.0.1]:25", "mx2.example.com[127.0.0.2]:25", "mx3.example.com[127.0.0.3]:25");
            assertThat(plan.hops()).extracting(Hop::preference).containsExactly(10, 20, 30);
            assertThat(plan.hops()).allMatch(Hop::fromMx);
        }
    }

    @Test
    void theDomainsOwnAddressesAreNeverUsedWhenMxRecordsExist() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv6_then_ipv4")) {
            for (int i = 0; i < 20; i++) {
                assertThat(DnsTestSupport.addresses(resolver.plan("example.com")))
                        .doesNotContain("127.0.0.99", "0:0:0:0:0:0:0:99");
            }
        }
        assertThat(dns.queryCount("example.com", "A")).isZero();
        assertThat(dns.queryCount("example.com", "AAAA")).isZero();
    }

    @Test
    void theSmtpPortSettingAppliesToEveryMxHop() {
        try (MxResolver resolver = resolver(dns, "mta.smtp.port=2525")) {
            assertThat(plan(resolver.plan("example.com")).hops()).extracting(Hop::port).containsOnly(2525);
        }
    }

    @Test
    void domainCaseAndFinalDotDoNotMatter() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("Example.COM."))).containsExactly(
                    "mx1.example.com", "mx2.example.com", "mx3.example.com");
        }
    }
}
