package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server offers STARTTLS but every handshake fails (it has no certificate). With the
 * default, opportunistic TLS, the mail goes in clear on a new connection; to a destination
 * whose policy requires TLS (mta.outbound.tls.DOMAIN=require) it is deferred, never sent in
 * clear and never bounced.
 */
class TlsHandshakeFailureDeliversInClearOrDefersTest {

    @TempDir
    Path data;

    @Test
    void opportunisticGoesInClearRequiredWaits() throws Exception {
        SSLContext broken = SSLContext.getInstance("TLS");
        broken.init(null, null, null);
        try (Sinks sinks = Sinks.onLoopback(2, b -> b.tls(broken));
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.relaxed.example", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.strict.example", "[127.0.0.3]:" + sinks.port())
                     .set("mta.outbound.tls.strict.example", "require").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@relaxed.example", "tlsbroken1");
            Scenario.submit(engine, "a@example.com", "r@strict.example", "tlsbroken2");

            events.await("delivered", "r@relaxed.example", Duration.ofSeconds(15));
            assertThat(sinks.get(0).delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isFalse());
            assertThat(sinks.get(0).connectionCount()).as("the failed handshake's connection is not reused").isEqualTo(2);

            DeliveryEvent deferred = events.await("deferred", "r@strict.example", Duration.ofSeconds(15));
            assertThat(deferred.code() / 100).isEqualTo(4);
            assertThat(sinks.get(1).transactions()).as("nothing of the mail in clear").isEmpty();
            assertThat(events.ofType("bounced")).isEmpty();
        }
    }
}
