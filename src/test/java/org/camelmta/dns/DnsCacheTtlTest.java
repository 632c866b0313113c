package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;

import java.io.IOException;
import java.time.Duration;
import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers are cached for their TTL (within the configured floor and ceiling), negative answers
 * for the SOA's negative TTL (RFC 2308). dnsjava's cache counts TTLs in whole seconds of the
 * wall clock, so a TTL of 2 lives between 1 and 2 seconds; the tests allow for that.
 */
class DnsCacheTtlTest {

    private static final Duration AT_MOST = Duration.ofSeconds(4);

    private ZoneDnsServer dns;

    @BeforeEach
    void start() throws IOException {
        dns = ZoneDnsServer.start().zone("example.com", """
                @      3600 SOA ns hostmaster 1 3600 600 86400 2
                @      3600 NS  ns
                short  2    MX  10 mx
                long   3600 MX  10 mx
                tiny   1    MX  10 mx
                mx     3600 A   127.0.0.80
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aCachedAnswerIsNotAskedAgainWithinItsTtlAndIsAfterIt() {
        try (MxResolver resolver = resolver(dns)) {
            resolver.plan("short.example.com");
            resolver.plan("short.example.com");
            resolver.plan("short.example.com");
            assertThat(dns.queryCount("short.example.com", "MX")).isEqualTo(1);

            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                resolver.plan("short.example.com");
                assertThat(dns.queryCount("short.example.com", "MX")).isEqualTo(2);
            });
            DnsStats stats = resolver.stats();
            assertThat(stats.cacheHits()).isPositive();
            assertThat(stats.cacheMisses()).isPositive();
            assertThat(stats.queries()).isEqualTo(dns.queryCount());
        }
    }

    @Test
    void aChangeInDnsIsSeenOnceTheOldAnswerExpires() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("short.example.com"))).containsExactly("mx.example.com");
            dns.add("short.example.com. 2 MX 5 mx0.example.com.\nmx0.example.com. 2 A 127.0.0.81");
            assertThat(hosts(resolver.plan("short.example.com"))).containsExactly("mx.example.com");

            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(hosts(resolver.plan("short.example.com"))).containsExactly("mx0.example.com", "mx.example.com"));
        }
    }

    @Test
    void aNegativeAnswerIsCachedForTheSoaNegativeTtl() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(failure(resolver.plan("gone.example.com")).enhancedStatus()).isEqualTo("5.1.2");
            assertThat(failure(resolver.plan("gone.example.com")).enhancedStatus()).isEqualTo("5.1.2");
            assertThat(dns.queryCount("gone.example.com", "MX")).isEqualTo(1);

            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                resolver.plan("gone.example.com");
                assertThat(dns.queryCount("gone.example.com", "MX")).isEqualTo(2);
            });
        }
    }

    @Test
    void aHostWithoutIpv6AddressesIsAskedForThemOncePerNegativeTtl() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("long.example.com"))).containsExactly("mx.example.com");
            DnsStats before = resolver.stats();
            assertThat(hosts(resolver.plan("long.example.com"))).containsExactly("mx.example.com");
            DnsStats after = resolver.stats();

            assertThat(dns.queryCount("mx.example.com", "AAAA")).isEqualTo(1);
            // MX, A and the NODATA for AAAA, all three from the cache and counted there
            assertThat(after.cacheHits() - before.cacheHits()).isEqualTo(3);
            assertThat(after.cacheMisses()).isEqualTo(before.cacheMisses());
            assertThat(after.queries()).isEqualTo(before.queries());

            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                resolver.plan("long.example.com");
                assertThat(dns.queryCount("mx.example.com", "AAAA")).isEqualTo(2);
            });
        }
    }

    @Test
    void theMinimumTtlKeepsShortLivedAnswersLonger() throws InterruptedException {
        try (MxResolver resolver = resolver(dns, "mta.dns.cache.min-ttl=4s")) {
            resolver.plan("tiny.example.com");
            Thread.sleep(1_500); // TTL 1 is over by now; the floor of 4s is not
            resolver.plan("tiny.example.com");

            assertThat(dns.queryCount("tiny.example.com", "MX")).isEqualTo(1);
        }
    }

    @Test
    void theMaximumTtlCutsLongLivedAnswersShort() {
        try (MxResolver resolver = resolver(dns, "mta.dns.cache.max-ttl=1s")) {
            resolver.plan("long.example.com");
            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                resolver.plan("long.example.com");
                assertThat(dns.queryCount("long.example.com", "MX")).isEqualTo(2);
            });
        }
    }

    @Test
    void cacheSizeZeroAsksEveryTime() {
        try (MxResolver resolver = resolver(dns, "mta.dns.cache.size=0")) {
            resolver.plan("long.example.com");
            resolver.plan("long.example.com");

            assertThat(dns.queryCount("long.example.com", "MX")).isEqualTo(2);
        }
    }
}
