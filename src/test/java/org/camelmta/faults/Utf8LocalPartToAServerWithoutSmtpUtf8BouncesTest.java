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
 * A recipient whose local part is not ASCII can only be given to a server that speaks
 * SMTPUTF8 (RFC 6531 §3.2): to one that does not, the mail bounces with 553 5.6.7 before MAIL,
 * with a notice to the sender; to one that does, it is delivered with the SMTPUTF8 parameter.
 */
class Utf8LocalPartToAServerWithoutSmtpUtf8BouncesTest {

    @TempDir
    Path data;

    @Test
    void bouncedWhereItCannotBeSaid() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(3, (i, b) -> i == 0 ? b.without("SMTPUTF8") : b);
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.ascii.example", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.utf8.example", "[127.0.0.3]:" + sinks.port())
                     .set("mta.routes.example.com", "[127.0.0.4]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "j\u00f6rg@ascii.example", "utf8-no");
            Scenario.submit(engine, "a@example.com", "j\u00f6rg@utf8.example", "utf8-yes");

            DeliveryEvent bounced = events.await("bounced", "j\u00f6rg@ascii.example", Duration.ofSeconds(15));
            assertThat(bounced.code()).isEqualTo(553);
            assertThat(bounced.enhancedCode()).isEqualTo("5.6.7");
            assertThat(sinks.get(0).transactions()).as("no MAIL sent").isEmpty();

            events.await("delivered", "j\u00f6rg@utf8.example", Duration.ofSeconds(15));
            assertThat(sinks.get(1).delivered()).singleElement()
                    .satisfies(t -> assertThat(t.mailParams()).containsKey("SMTPUTF8"));

            assertThat(sinks.get(2).awaitMessages(1, Duration.ofSeconds(15))).isTrue();
            assertThat(ParsedNotice.parse(sinks.get(2).delivered().get(0).content()).recipient(0))
                    .containsEntry("Status", "5.6.7");
        }
    }
}
