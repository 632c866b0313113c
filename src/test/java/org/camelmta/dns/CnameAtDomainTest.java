package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.plan;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.Test;

/** A CNAME at the recipient domain is followed, for the MX look-up and for the implicit MX. */
class CnameAtDomainTest {

    @Test
    void theMxRecordsOfTheCanonicalNameAreUsed() {
        try (ZoneDnsServer dns = server("example.com", """
                alias   300 CNAME real
                real    300 MX 10 mx.other
                mx.other 300 A 127.0.0.21
                """);
             MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan("alias.example.com"));

            assertThat(plan.domain()).isEqualTo("alias.example.com");
            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("mx.other.example.com[127.0.0.21]:25");
            assertThat(plan.first().fromMx()).isTrue();
        }
    }

    @Test
    void aChainOfCnamesWithoutMxEndsInTheImplicitMxOfTheAlias() {
        try (ZoneDnsServer dns = server("example.com", """
                first   300 CNAME second
                second  300 CNAME third
                third   300 A 127.0.0.22
                """);
             MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan("first.example.com"));

            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("first.example.com[127.0.0.22]:25");
            assertThat(plan.first().fromMx()).isFalse();
        }
    }
}
