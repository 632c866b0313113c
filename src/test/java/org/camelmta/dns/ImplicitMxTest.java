package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.addresses;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.plan;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 5321 §5.1: no MX records means the domain itself is the only MX, at preference 0. */
class ImplicitMxTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                plain    300 A    127.0.0.7
                plain    300 AAAA ::1
                bare     300 TXT  "no address at all"
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aDomainWithoutMxIsItsOwnMxAtPreferenceZero() {
        try (MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan("plain.example.com"));

            assertThat(plan.hops()).extracting(Hop::toString)
                    .containsExactly("plain.example.com[127.0.0.7]:25", "plain.example.com[0:0:0:0:0:0:0:1]:25");
            assertThat(plan.hops()).extracting(Hop::preference).containsOnly(0);
            assertThat(plan.hops()).noneMatch(Hop::fromMx);
        }
    }

    @Test
    void anIpv6OnlyPlanHoldsTheLoopbackAaaaAddress() {
        try (MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv6_only")) {
            ConnectionPlan plan = plan(resolver.plan("plain.example.com"));

            assertThat(plan.first().address()).isEqualTo(DnsTestSupport.ip("::1"));
            assertThat(addresses(plan)).containsExactly("0:0:0:0:0:0:0:1");
        }
    }

    @Test
    void aDomainWithNeitherMxNorAddressDefersWithNoUsableHost() {
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("bare.example.com"));

            assertThat(failure.code()).isEqualTo(451);
            assertThat(failure.enhancedStatus()).isEqualTo("4.4.4");
            assertThat(failure.text()).contains("bare.example.com");
        }
    }
}
