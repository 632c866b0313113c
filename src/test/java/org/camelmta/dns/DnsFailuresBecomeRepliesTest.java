package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import java.time.Duration;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.camelmta.loopback.ZoneQuery;
import org.camelmta.loopback.ZoneQuery.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS failures become replies: NXDOMAIN bounces (5.1.2), SERVFAIL, timeouts and truncation
 * with TCP failing defer (4.4.3), and a temporary MX failure never falls back to the A record.
 */
class DnsFailuresBecomeRepliesTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                flaky    300 MX 10 mx
                flaky    300 A  127.0.0.50
                silent   300 MX 10 mx
                big      300 MX 10 mx
                broken   300 MX 10 mx
                mx       300 A  127.0.0.51
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void nxdomainBouncesWith512InPostfixWords() {
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("nosuch.example.com"));

            assertThat(failure.code()).isEqualTo(550);
            assertThat(failure.enhancedStatus()).isEqualTo("5.1.2");
            assertThat(failure.text()).isEqualTo("Host or domain name not found. "
                    + "Name service error for name=nosuch.example.com type=MX: Host not found");
        }
    }

    @Test
    void servfailDefersWith443AndNeverFallsBackToTheARecord() {
        dns.fault("flaky.example.com", "MX", ZoneFault.SERVFAIL);
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("flaky.example.com"));

            assertThat(failure.code()).isEqualTo(451);
            assertThat(failure.enhancedStatus()).isEqualTo("4.4.3");
            assertThat(failure.text()).isEqualTo("Host or domain name not found. "
                    + "Name service error for name=flaky.example.com type=MX: Host not found, try again (server failure)");
            assertThat(dns.queryCount("flaky.example.com", "A")).isZero();
        }
    }

    @Test
    void aServerFailureIsNotCachedSoTheNextAttemptSucceeds() {
        dns.fault("flaky.example.com", "MX", ZoneFault.SERVFAIL);
        try (MxResolver resolver = resolver(dns)) {
            assertThat(failure(resolver.plan("flaky.example.com")).enhancedStatus()).isEqualTo("4.4.3");
            dns.clearFaults();

            assertThat(hosts(resolver.plan("flaky.example.com"))).containsExactly("mx.example.com");
            assertThat(dns.queryCount("flaky.example.com", "MX")).isEqualTo(2);
        }
    }

    @Test
    void aServerThatNeverAnswersDefersWith443AfterTheLookupTimeout() {
        dns.fault("silent.example.com", ZoneFault.DROP);
        try (MxResolver resolver = resolver(dns, "mta.dns.timeout=600ms")) {
            long start = System.nanoTime();
            PlanFailure failure = failure(resolver.plan("silent.example.com"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure.enhancedStatus()).isEqualTo("4.4.3");
            assertThat(failure.text()).endsWith("type=MX: Host not found, try again (timed out)");
            assertThat(took).isBetween(Duration.ofMillis(550), Duration.ofMillis(2000));
            assertThat(dns.queryCount("silent.example.com", "MX")).isPositive();
        }
    }

    @Test
    void aTruncatedUdpAnswerIsAskedAgainOverTcp() {
        dns.fault("big.example.com", "MX", ZoneFault.TRUNCATE);
        try (MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("big.example.com"))).containsExactly("mx.example.com");
        }
        assertThat(dns.queries()).filteredOn(q -> q.name().equals("big.example.com"))
                .extracting(ZoneQuery::transport).containsExactly(Transport.UDP, Transport.TCP);
    }

    @Test
    void truncationWithTcpFailingDefersWith443() {
        dns.fault("broken.example.com", "MX", ZoneFault.TRUNCATE_AND_NO_TCP);
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("broken.example.com"));

            assertThat(failure.enhancedStatus()).isEqualTo("4.4.3");
            assertThat(failure.isPermanent()).isFalse();
        }
        assertThat(dns.queries()).extracting(ZoneQuery::transport).contains(Transport.TCP);
    }

    @Test
    void aRefusingServerDefersRatherThanBounces() {
        try (MxResolver resolver = resolver(dns)) {
            PlanFailure failure = failure(resolver.plan("not-served.org"));

            assertThat(failure.enhancedStatus()).isEqualTo("4.4.3");
        }
    }
}
