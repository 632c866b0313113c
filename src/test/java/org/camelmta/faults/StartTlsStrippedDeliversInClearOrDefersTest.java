package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkTls;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS stripped from the EHLO answer (by someone on the path, or a misconfigured server
 * that still could do it). Opportunistic delivery goes in clear without trying STARTTLS
 * unasked; a destination that requires TLS gets nothing in clear: its mail is deferred, with a
 * reason that says TLS, until the server offers it again.
 */
class StartTlsStrippedDeliversInClearOrDefersTest {

    @TempDir
    Path data;

    @Test
    void opportunisticGoesInClearRequiredWaits() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2, b -> b.tls(SinkTls.serverContext()).without("STARTTLS"));
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.relaxed.example", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.strict.example", "[127.0.0.3]:" + sinks.port())
                     .set("mta.outbound.tls.strict.example", "require").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@relaxed.example", "stripped1");
            Scenario.submit(engine, "a@example.com", "r@strict.example", "stripped2");

            events.await("delivered", "r@relaxed.example", Duration.ofSeconds(15));
            assertThat(sinks.get(0).delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isFalse());

            DeliveryEvent deferred = events.await("deferred", "r@strict.example", Duration.ofSeconds(15));
            assertThat(deferred.code() / 100).isEqualTo(4);
            assertThat(deferred.response()).containsIgnoringCase("TLS");
            assertThat(sinks.get(1).transactions()).as("nothing of the mail in clear").isEmpty();
            assertThat(events.ofType("bounced")).isEmpty();
        }
    }
}
