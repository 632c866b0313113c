package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MX targets that give no address are skipped; a plan with nothing left is an error. */
class MxHostWithoutAddressTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                some      300 MX 10 noaddress
                some      300 MX 20 missing
                some      300 MX 30 good
                noaddress 300 TXT "nothing here"
                good      300 A 127.0.0.40
                none      300 MX 10 noaddress
                none      300 MX 20 missing
                none      300 A 127.0.0.41
                flaky     300 MX 10 broken
                broken    300 A 127.0.0.42
                """);
        dns.fault("broken.example.com", ZoneFault.SERVFAIL);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void targetsWithoutAddressOrThatDoNotExistAreSkipped() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("some.example.com"))).containsExactly("good.example.com");
        }
    }

    @Test
    void noUsableTargetDefersWith444AndNeverFallsBackToTheDomainsAddress() {
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("none.example.com"));

            assertThat(failure.code()).isEqualTo(451);
            assertThat(failure.enhancedStatus()).isEqualTo("4.4.4");
            assertThat(failure.text()).isEqualTo("No usable host for none.example.com: no address for "
                    + "noaddress.example.com, missing.example.com (ip-strategy ipv4_then_ipv6)");
            assertThat(dns.queryCount("none.example.com", "A")).isZero();
        }
    }

    @Test
    void aTargetWhoseAddressLookupFailsTemporarilyDefersWith443() {
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("flaky.example.com"));

            assertThat(failure.enhancedStatus()).isEqualTo("4.4.3");
            assertThat(failure.text()).startsWith(
                    "Host or domain name not found. Name service error for name=broken.example.com type=A: "
                            + "Host not found, try again");
        }
    }
}
