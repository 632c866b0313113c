package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.camelmta.config.Settings;
import org.camelmta.dns.DnsStats;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.PlanFailure;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.junit.jupiter.api.Test;

/**
 * Every DNS query the resolver sends is timed into {@code mta_dns_query_seconds}'s buckets: the
 * loopback server's answers land in the low ones, a query the server never answers in the
 * bucket of the lookup timeout, and a look-up answered from the cache adds nothing.
 */
class DnsQueryTimesAreAHistogramTest {

    @Test
    void answeredQueriesLandLowAndATimedOutQueryLandsAtItsTimeout() throws Exception {
        try (ZoneDnsServer dns = ZoneDnsServer.start().zone("example.com", """
                @      300 MX 10 mx
                mx     300 A  127.0.0.51
                silent 300 MX 10 mx
                """);
             MtaMetrics metrics = new MtaMetrics(5)) {
            dns.fault("silent.example.com", ZoneFault.DROP);
            MxResolver resolver = new MxResolver(ResolverSettings.from(Settings.of(Map.of(
                    "mta.dns.servers", dns.hostPort(), "mta.dns.timeout", "1s",
                    "mta.outbound.allowed-networks", "127.0.0.0/8"))));
            try {
                metrics.watch(resolver);

                assertThat(resolver.plan("example.com")).isNotInstanceOf(PlanFailure.class);
                assertThat(resolver.plan("silent.example.com")).isInstanceOf(PlanFailure.class);
                // The plan gives up at the lookup timeout; the query itself ends (and is timed)
                // when dnsjava gives up on it, a moment later.
                await().atMost(Duration.ofSeconds(10)).until(() -> resolver.stats().queryErrors() > 0);
                DnsStats afterQueries = resolver.stats();
                assertThat(resolver.plan("example.com")).isNotInstanceOf(PlanFailure.class);
                assertThat(resolver.stats().queries()).as("the second plan came from the cache")
                        .isEqualTo(afterQueries.queries());

                Scrape scrape = Scrape.ofText(metrics.scrape());
                long queries = afterQueries.queries();
                long timedOut = afterQueries.queryErrors();
                assertThat(timedOut).isPositive();
                assertThat(queries).isGreaterThan(timedOut);
                assertThat(scrape.value("mta_dns_query_seconds_count")).isEqualTo(queries);
                assertThat(scrape.value("mta_dns_query_seconds_bucket", "le", "+Inf")).isEqualTo(queries);
                // Loopback answers in well under half a second; the silent server's query ran
                // its whole second before the resolver gave up on it.
                assertThat(scrape.value("mta_dns_query_seconds_bucket", "le", "0.5")).isEqualTo(queries - timedOut);
                assertThat(scrape.value("mta_dns_query_seconds_bucket", "le", "30.0")).isEqualTo(queries);
                assertThat(scrape.value("mta_dns_query_seconds_sum")).isGreaterThanOrEqualTo(0.9 * timedOut);
                assertThat(scrape.value("mta_dns_query_max_seconds")).isGreaterThanOrEqualTo(0.9);
            } finally {
                resolver.close();
            }
        }
    }
}
