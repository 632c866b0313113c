package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
 * Someone on the path writes replies in clear right behind the server's 220 to STARTTLS (the
 * client side of CVE-2011-0411), one refusing the mail: they are discarded with the rest of
 * what came before the handshake. The mail is delivered inside TLS, once, and no event carries
 * the injected words.
 */
class BytesInjectedBeforeTlsNeverCountTest {

    @TempDir
    Path data;

    @Test
    void deliveredInsideTlsAsIfNothingWasInjected() throws Exception {
        byte[] inject = "554 5.7.1 injected refusal\r\n250 2.0.0 injected ok\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Sinks sinks = Sinks.onLoopback(1, b -> b.tls(SinkTls.serverContext()).injectAfterStartTlsReply(inject));
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.example.net", "[127.0.0.2]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r1@example.net,r2@example.net", "injected");

            DeliveryEvent one = events.await("delivered", "r1@example.net", Duration.ofSeconds(15));
            DeliveryEvent two = events.await("delivered", "r2@example.net", Duration.ofSeconds(15));
            assertThat(one.response()).doesNotContain("injected");
            assertThat(two.response()).doesNotContain("injected");
            assertThat(sinks.get(0).delivered()).singleElement().satisfies(t -> {
                assertThat(t.tls()).isTrue();
                assertThat(t.recipientAddresses()).containsExactly("r1@example.net", "r2@example.net");
            });
            assertThat(sinks.get(0).connectionCount()).isEqualTo(1);
            assertThat(events.ofType("bounced")).isEmpty();
            assertThat(events.ofType("deferred")).isEmpty();
        }
    }
}
