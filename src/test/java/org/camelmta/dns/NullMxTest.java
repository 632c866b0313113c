package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneQuery;
import org.junit.jupiter.api.Test;

/** RFC 7505: "MX 0 ." means the domain accepts no mail; no address is looked up. */
class NullMxTest {

    @Test
    void nullMxFailsPermanentlyWith556WithoutAnyAddressLookup() {
        try (ZoneDnsServer dns = server("example.com", """
                nomail  300 MX 0 .
                nomail  300 A  127.0.0.30
                """);
             MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("nomail.example.com"));

            assertThat(failure.code()).isEqualTo(556);
            assertThat(failure.enhancedStatus()).isEqualTo("5.1.10");
            assertThat(failure.isPermanent()).isTrue();
            assertThat(failure.text()).isEqualTo("Domain nomail.example.com does not accept mail (nullMX)");
            assertThat(dns.queries()).extracting(ZoneQuery::type).containsExactly("MX");
        }
    }

    @Test
    void aRootTargetBesideRealMxHostsIsSkippedNotTakenAsNullMx() {
        try (ZoneDnsServer dns = server("example.com", """
                mixed   300 MX 0  .
                mixed   300 MX 10 mx
                mx      300 A  127.0.0.31
                """);
             MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("mixed.example.com"))).containsExactly("mx.example.com");
        }
    }
}
