package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.plan;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Static routes win over MX: {@code [host]} skips the MX look-up, a plain host name is looked
 * up as an MX domain (Postfix transport maps), an IP address is connected to directly, and
 * {@code *} is the smarthost for every domain without a route of its own.
 */
class StaticRoutesTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                @          300 MX 10 mx
                mx         300 A 127.0.0.90
                relay      300 A 127.0.0.91
                relay      300 MX 10 relay-mx
                relay-mx   300 A 127.0.0.92
                smarthost  300 A 127.0.0.93
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aBracketedHostRouteUsesTheHostsAddressWithoutAnyMxLookup() {
        try (MxResolver resolver = resolver(dns, "mta.routes.example.com=[relay.example.com]:2525")) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("relay.example.com[127.0.0.91]:2525");
            assertThat(plan.first().fromMx()).isFalse();
        }
        assertThat(dns.queries()).extracting(ZoneQuery::type).doesNotContain("MX");
    }

    @Test
    void aPlainHostRouteLooksUpThatHostsMx() {
        try (MxResolver resolver = resolver(dns, "mta.routes.example.com=relay.example.com:2526")) {
            ConnectionPlan plan = plan(resolver.plan("example.com"));

            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("relay-mx.example.com[127.0.0.92]:2526");
            assertThat(plan.first().fromMx()).isTrue();
        }
        assertThat(dns.queryCount("example.com", "MX")).isZero();
    }

    @Test
    void anAddressRouteConnectsThereWithoutAnyDnsQuery() {
        try (MxResolver resolver = resolver(dns,
                "mta.routes.example.com=127.0.0.1:2525", "mta.routes.v6.example.com=[::1]:2526")) {
            assertThat(plan(resolver.plan("example.com")).hops()).extracting(Hop::toString)
                    .containsExactly("127.0.0.1[127.0.0.1]:2525");
            ConnectionPlan v6 = plan(resolver.plan("v6.example.com"));
            assertThat(v6.first().address()).isEqualTo(DnsTestSupport.ip("::1"));
            assertThat(v6.first().port()).isEqualTo(2526);
            assertThat(v6.first().host()).isEqualTo("::1");
        }
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void theStarRouteIsASmarthostAndAnExactDomainRouteWinsOverIt() {
        try (MxResolver resolver = resolver(dns, "mta.routes.*=[smarthost.example.com]",
                "mta.routes.example.com=[127.0.0.1]:2525")) {
            assertThat(plan(resolver.plan("anything.org")).hops()).extracting(Hop::toString)
                    .containsExactly("smarthost.example.com[127.0.0.93]:25");
            assertThat(plan(resolver.plan("example.com")).hops()).extracting(Hop::toString)
                    .containsExactly("127.0.0.1[127.0.0.1]:2525");
        }
    }

    @Test
    void aRouteToAHostThatDoesNotExistDefersInsteadOfBouncing() {
        try (MxResolver resolver = resolver(dns, "mta.routes.example.com=typo.example.com")) {
            PlanFailure failure = failure(resolver.plan("example.com"));

            assertThat(failure.code()).isEqualTo(451);
            assertThat(failure.enhancedStatus()).isEqualTo("4.1.2");
            assertThat(failure.text()).endsWith("Host not found (static route typo.example.com:25)");
        }
    }

    @Test
    void anAddressLiteralGoesThroughTheSmarthostAsPostfixsRelayhost() {
        try (MxResolver resolver = resolver(dns, "mta.routes.*=[smarthost.example.com]")) {
            ConnectionPlan plan = plan(resolver.plan("[192.0.2.9]"));

            assertThat(plan.domain()).isEqualTo("[192.0.2.9]");
            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("smarthost.example.com[127.0.0.93]:25");
        }
    }

    @Test
    void credentialsGoWithTheirRoutesHopsAndNoOthers() {
        try (MxResolver resolver = resolver(dns, "mta.routes.example.com=[relay.example.com]:2525",
                "mta.auth.example.com.username=alice", "mta.auth.example.com.password=s3cret")) {
            assertThat(plan(resolver.plan("example.com")).first().credentials())
                    .isEqualTo(new RelayCredentials("alice", "s3cret"));
            assertThat(plan(resolver.plan("[192.0.2.9]")).first().credentials())
                    .as("a literal without a smarthost is not the relay").isNull();
        }
    }

    @Test
    void credentialsForADomainWithoutARouteStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> DnsTestSupport.settings(dns, "mta.auth.*.username=alice", "mta.auth.*.password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mta.auth.*.")
                .hasMessageContaining("no static route mta.routes.*");
        assertThatThrownBy(() -> DnsTestSupport.settings(dns, "mta.routes.*=[smarthost.example.com]",
                "mta.auth.*.username=alice"))
                .hasMessageContaining("mta.auth.*.password is not set");
    }
}
