package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.config.Settings;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.retry.DeferredQueue;
import org.camelmta.retry.InMemoryRetryHintStore;
import org.camelmta.retry.Releaser;
import org.camelmta.retry.RetryPolicy;
import org.camelmta.retry.RetryRules;
import org.camelmta.retry.RetrySettings;
import org.camelmta.retry.Suspensions;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.DestinationLimiter;
import org.camelmta.smtp.Phase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md names every camel-mta metric the endpoint can show, and the Grafana
 * dashboard asks only for metrics that exist, through the data source it declares for import.
 */
class EveryMeterIsDocumentedTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:mta|jvm|process|system)_[a-z0-9_]+)\\b");

    @Test
    void everyMtaMetricFamilyIsInOperationsMd() throws Exception {
        String docs = Files.readString(Path.of("docs/operations.md"));
        Set<String> families = new TreeSet<>();
        for (String line : scrapeWithEveryMeter().split("\n")) {
            if (line.startsWith("# TYPE mta_")) {
                families.add(line.split(" ")[2]);
            }
        }
        assertThat(families).contains("mta_messages_total", "mta_queue_messages", "mta_connections_open",
                "mta_smtp_phase_seconds", "mta_dns_query_seconds", "mta_retry_releases_total");
        assertThat(families.stream().filter(f -> !docs.contains("`" + f + "`"))).as("not in docs/operations.md").isEmpty();
    }

    @Test
    void theDashboardAsksForExistingMetricsThroughTheImportedDataSource() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs/grafana/camel-mta-dashboard.json").toFile());
        assertThat(dashboard.at("/__inputs/0/name").asText()).isEqualTo("DS_PROMETHEUS");
        Set<String> exposed = Scrape.parse(scrapeWithEveryMeter()).stream().map(Scrape.Sample::name)
                .collect(Collectors.toSet());

        Set<String> asked = new TreeSet<>();
        int targets = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${DS_PROMETHEUS}");
            for (JsonNode target : panel.get("targets")) {
                targets++;
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) {
                    asked.add(m.group(1));
                }
            }
        }
        assertThat(targets).isGreaterThanOrEqualTo(15);
        assertThat(asked).contains("mta_messages_total", "mta_queue_messages", "mta_connection_cache_hits_total",
                "mta_connections_open", "mta_smtp_phase_seconds_bucket", "mta_dns_query_seconds_sum",
                "mta_dns_query_seconds_bucket",
                "mta_dns_cache_hits_total", "mta_retry_releases_total");
        assertThat(exposed).containsAll(asked);
    }

    /** A scrape in which every camel-mta meter has at least one sample. */
    private static String scrapeWithEveryMeter() throws Exception {
        Clock clock = Clock.systemUTC();
        Settings none = Settings.of(Map.of());
        MxResolver resolver = new MxResolver(ResolverSettings.from(Settings.of(Map.of("mta.dns.servers", "127.0.0.1:9"))));
        ConnectionCache cache = new ConnectionCache(ConnectionCache.Limits.DEFAULTS, clock);
        DestinationLimiter limiter = new DestinationLimiter(1);
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:documented;DB_CLOSE_DELAY=-1");
        Releaser releaser = new Releaser(new DeferredQueue(null), resolver, new RetryPolicy(RetryRules.from(none),
                new InMemoryRetryHintStore(), RetrySettings.from(none), new SplittableRandom()),
                new Suspensions(db, clock), clock);
        try (MtaMetrics metrics = new MtaMetrics(5);
             BrokerWatch broker = new BrokerWatch(new ActiveMQConnectionFactory("tcp://127.0.0.1:9"), Duration.ofSeconds(1), clock)) {
            DestinationLimiter.Slot slot = limiter.acquire(new InetSocketAddress("127.0.0.2", 25), Duration.ZERO);
            metrics.watch(cache, limiter).watch(resolver).watch(releaser).watch(broker)
                    .watch(new org.camelmta.retry.AdvisoryFailures()).watch(new org.camelmta.retry.DeliveryShares(1, Duration.ZERO));
            metrics.eventObserver().accept(new DeliveryEvent("delivered", "id", "m@x", "a@example.com", "b@example.net",
                    "example.net", null, null, null, 250, "2.0.0", "250 ok", 1, null, "2026-01-01T00:00:00Z"));
            metrics.smtpObserver().phase(Phase.CONNECT, Duration.ofMillis(3), true);
            String text = metrics.scrape();
            slot.release();
            return text;
        } finally {
            cache.close();
            resolver.close();
        }
    }
}
