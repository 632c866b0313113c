package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.JmsClient;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message larger than the server takes: to a server that advertises SIZE it is not even
 * offered (552 5.3.4 before MAIL); a server that does not advertise it refuses it after the
 * data with 552. Both are permanent: the sender gets a bounce, nothing is retried.
 */
class MessageTooBigBouncesTest {

    @TempDir
    Path data;

    @Test
    void tooBigForTheServerBounces() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(3, (i, b) -> switch (i) {
                     case 0 -> b.maxMessageSize(2_000);
                     case 1 -> b.maxMessageSize(2_000).without("SIZE");
                     default -> b;
                 });
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.sized.example", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.unsized.example", "[127.0.0.3]:" + sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.4]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            String big = "x".repeat(76) + "\r\n";
            Scenario.submitBody(engine, "a@example.com", "r@sized.example", "big1", big.repeat(60));
            Scenario.submitBody(engine, "a@example.com", "r@unsized.example", "big2", big.repeat(60));

            DeliveryEvent sized = events.await("bounced", "r@sized.example", Duration.ofSeconds(15));
            assertThat(sized.code()).isEqualTo(552);
            assertThat(sized.enhancedCode()).isEqualTo("5.3.4");
            assertThat(sinks.get(0).transactions()).as("not offered: no MAIL").isEmpty();

            DeliveryEvent unsized = events.await("bounced", "r@unsized.example", Duration.ofSeconds(15));
            assertThat(unsized.code()).isEqualTo(552);
            assertThat(sinks.get(1).messageCount()).isZero();

            assertThat(sinks.get(2).awaitMessages(2, Duration.ofSeconds(15))).isTrue();
            assertThat(sinks.get(2).delivered()).allSatisfy(t -> {
                assertThat(t.mailFrom()).isEmpty();
                assertThat(ParsedNotice.parse(t.content()).recipient(0).get("Status")).isEqualTo("5.3.4");
            });
            assertThat(events.ofType("deferred")).isEmpty();
        }
    }
}
