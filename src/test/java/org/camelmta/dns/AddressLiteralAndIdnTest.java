package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.plan;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneQuery;
import org.camelmta.submit.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Address-literal domains need no DNS; internationalised domains are looked up as A-labels. */
class AddressLiteralAndIdnTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("xn--bcher-kva.example", """
                @    300 MX 10 mx
                mx   300 A  127.0.0.100
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void anIpv4LiteralIsAPlanOfThatAddressAtTheSmtpPort() {
        try (MxResolver resolver = resolver(dns, "mta.smtp.port=2525")) {
            ConnectionPlan plan = plan(resolver.plan(MailAddress.parse("user@[127.0.0.1]").domain()));

            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("127.0.0.1[127.0.0.1]:2525");
        }
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void anIpv6LiteralIsAPlanOfThatAddress() {
        try (MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan(MailAddress.parse("user@[IPv6:::1]").domain()));

            assertThat(plan.domain()).isEqualTo("[IPv6:::1]");
            assertThat(plan.first().address()).isEqualTo(DnsTestSupport.ip("::1"));
            assertThat(plan.first().port()).isEqualTo(25);
            assertThat(plan.first().fromMx()).isFalse();
        }
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void aMalformedLiteralFailsPermanentlyWithoutDns() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(failure(resolver.plan("[not-an-address]")).enhancedStatus()).isEqualTo("5.1.2");
        }
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void anInternationalisedDomainIsLookedUpInItsALabelForm() {
        try (MxResolver resolver = resolver(dns)) {
            ConnectionPlan plan = plan(resolver.plan("bücher.example"));

            assertThat(plan.domain()).isEqualTo("bücher.example");
            assertThat(plan.hops()).extracting(Hop::toString).containsExactly("mx.xn--bcher-kva.example[127.0.0.100]:25");
        }
        assertThat(dns.queries()).extracting(ZoneQuery::name).contains("xn--bcher-kva.example");
    }
}
