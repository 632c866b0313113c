package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.camelmta.dsn.BounceProcessor;
import org.camelmta.dsn.DsnBuilder;
import org.camelmta.dsn.DsnPolicy;
import org.camelmta.config.Settings;
import org.camelmta.events.EventLog;
import org.camelmta.events.EventsProcessor;
import org.camelmta.retry.CachedRetryHintStore;
import org.camelmta.retry.DeliveredRecord;
import org.camelmta.retry.JdbcRetryHintStore;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21, point 4: once a server has said 250, a failure of advisory state (retry hints, the
 * delivered record, Quartz, events, notices) must not roll the delivery back: the broker would
 * hand the message out again and the accepted recipient would get it again, up to
 * {@code mta.poison.attempts} times, before it was dead-lettered as if never sent. Each store is
 * broken here after the engine started; the accepted recipient gets the message exactly once,
 * nothing reaches {@code mta.dlq}, and the failure is counted in
 * {@code mta_advisory_failures_total{store=...}}. Deferred mail whose store broke is still tried
 * again (the sweep releases it).
 */
class NothingSentTwiceWhenAdvisoryStateFailsTest {

    private static final Pattern COUNTER = Pattern.compile(
            "mta_advisory_failures_total\\{store=\"(\\w+)\"[^}]*} ([0-9.E]+)");

    @TempDir
    Path data;

    @Test
    void hintDatabaseRefusingWrites() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1); TestEngine engine = engine(sinks).start()) {
            JdbcRetryHintStore hints = (JdbcRetryHintStore) ((CachedRetryHintStore) engine.runtime().retryPolicy()
                    .store()).backing();
            RefusingTrigger.install(hints.dataSource(), JdbcRetryHintStore.TABLE);

            Scenario.submit(engine, "a@example.com", "ok@dest.example,451-later@dest.example", "hints broken");

            assertDeliveredOnceAndRetried(engine, sinks, "hints");
        }
    }

    @Test
    void quartzRefusingTriggers() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1); TestEngine engine = engine(sinks).start()) {
            String url = "jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("state").resolve("quartz")
                    + ";DB_CLOSE_ON_EXIT=FALSE";
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                // New triggers only: the sweep's is there already, and keeps running.
                c.createStatement().execute("CREATE TRIGGER refuse_new_triggers BEFORE INSERT ON QRTZ_TRIGGERS"
                        + " FOR EACH ROW CALL '" + RefusingTrigger.class.getName() + "'");
            }

            Scenario.submit(engine, "a@example.com", "ok@dest.example,451-later@dest.example", "quartz broken");

            // No trigger can be stored, so every retry of the deferred recipient is the sweep's.
            assertDeliveredOnceAndRetried(engine, sinks, "quartz");
        }
    }

    @Test
    void deliveredRecordRefusingWrites() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1); TestEngine engine = engine(sinks).start()) {
            JdbcRetryHintStore hints = (JdbcRetryHintStore) ((CachedRetryHintStore) engine.runtime().retryPolicy()
                    .store()).backing();
            RefusingTrigger.install(hints.dataSource(), DeliveredRecord.TABLE);

            Scenario.submit(engine, "a@example.com", "ok@dest.example,451-later@dest.example", "record broken");

            assertDeliveredOnceAndRetried(engine, sinks, "delivered");
        }
    }

    @Test
    void eventsFailing() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = engine(sinks).configure(context -> context.getRegistry().bind("mtaEvents", EventsProcessor.class,
                     new EventsProcessor(new EventLog(data.resolve("other.jsonl")), Clock.systemUTC()) {
                         @Override
                         public void fromOutcomes(Exchange exchange) {
                             throw new IllegalStateException("events broken (test)");
                         }

                         @Override
                         public String publish(org.camelmta.events.DeliveryEvent event) {
                             throw new IllegalStateException("event log broken (test)");
                         }
                     })).start()) {
            Scenario.submit(engine, "a@example.com", "ok@dest.example,451-later@dest.example", "events broken");

            assertDeliveredOnceAndRetried(engine, sinks, "events");
        }
    }

    @Test
    void noticesFailing() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = engine(sinks).configure(context -> context.getRegistry().bind("mtaBounces", BounceProcessor.class,
                     new BounceProcessor(DsnPolicy.from(Settings.of(java.util.Map.of())),
                             DsnBuilder.from(Settings.of(java.util.Map.of()), "mta.test.example", Clock.systemUTC()),
                             Clock.systemUTC()) {
                         @Override
                         public List<org.apache.camel.Message> notices(Exchange exchange) {
                             throw new IllegalStateException("notice building broken (test)");
                         }
                     })).start()) {
            // The 550 recipient calls for a bounce, which cannot be made.
            Scenario.submit(engine, "a@example.com", "ok@dest.example,550-gone@dest.example", "notices broken");

            await().atMost(Duration.ofSeconds(20)).until(() -> counter(engine, "dsn") >= 1);
            Thread.sleep(3_000); // a rolled-back transaction would be redelivered within this (500 ms)
            assertThat(deliveriesTo(sinks, "ok@dest.example")).as("the accepted recipient got it once").isEqualTo(1);
            assertThat(engine.jms().browse("mta.dlq")).as("nothing dead-lettered").isEmpty();
        }
    }

    private TestEngine.Builder engine(Sinks sinks) {
        return TestEngine.builder(data).quickRetries()
                .set("mta.routes.dest.example", "[127.0.0.2]:" + sinks.port());
    }

    /** ok@ got it once; 451-later@ was tried again (released from mta.deferred); no DLQ; the store's count went up. */
    private static void assertDeliveredOnceAndRetried(TestEngine engine, Sinks sinks, String store) throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(parkedAttempts(engine)).as("the deferred recipient, tried again").isGreaterThanOrEqualTo(3);
            assertThat(counter(engine, store)).as("failures of " + store + " counted").isGreaterThanOrEqualTo(1);
        });
        assertThat(deliveriesTo(sinks, "ok@dest.example")).as("the accepted recipient got it once").isEqualTo(1);
        assertThat(engine.jms().browse("mta.dlq")).as("nothing dead-lettered").isEmpty();
    }

    private static long deliveriesTo(Sinks sinks, String recipient) {
        return sinks.get(0).delivered().stream().filter(t -> t.recipientAddresses().contains(recipient)).count();
    }

    /** How many attempts the parked 451-later@ message has had (0 while it is not parked). */
    private static int parkedAttempts(TestEngine engine) throws Exception {
        int attempts = 0;
        for (jakarta.jms.Message m : engine.jms().browse("mta.deferred")) {
            if ("451-later@dest.example".equals(m.getStringProperty("mtaRecipients"))) {
                attempts = Math.max(attempts, m.getIntProperty("mtaAttempt"));
            }
        }
        return attempts;
    }

    /** The counter as the metrics endpoint shows it. */
    private static double counter(TestEngine engine, String store) throws Exception {
        URI uri = engine.runtime().metrics().uri().resolve("metrics");
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(store)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }
}
