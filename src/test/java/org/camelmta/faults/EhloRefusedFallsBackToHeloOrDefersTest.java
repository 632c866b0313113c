package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkFault;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EHLO answered 5xx: a server that does not know EHLO gets HELO and the mail (RFC 5321 §3.2);
 * a server that refuses HELO as well will not talk to us, which says nothing about the
 * recipients, so the mail is deferred and retried, never bounced. (The client-level details,
 * no ESMTP parameter after HELO and the host's other addresses skipped, are in
 * smtp/EhloRefusedFallsBackToHeloTest and smtp/EhloAndHeloRefusedSkipsTheHostTest.)
 */
class EhloRefusedFallsBackToHeloOrDefersTest {

    @TempDir
    Path data;

    @Test
    void heloDeliversAndARefusedHeloDefers() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(2, (i, b) -> i == 0
                     ? b.fault(SinkFault.at(Phase.EHLO, SinkAction.reply(502, "5.5.2 Error: command not recognized")).times(1))
                     : b.fault(Phase.EHLO, SinkAction.reply(550, "5.7.1 go away")));
             TestEngine engine = TestEngine.builder(data).quickRetries()
                     .set("mta.routes.old.example", "[127.0.0.2]:" + sinks.port())
                     .set("mta.routes.hostile.example", "[127.0.0.3]:" + sinks.port()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Scenario.submit(engine, "a@example.com", "r@old.example", "ehlo502");
            Scenario.submit(engine, "a@example.com", "r@hostile.example", "ehlo550");

            events.await("delivered", "r@old.example", Duration.ofSeconds(15));
            assertThat(sinks.get(0).delivered()).singleElement().satisfies(t -> assertThat(t.mailParams()).isEmpty());

            DeliveryEvent refused = events.await("deferred", "r@hostile.example", Duration.ofSeconds(15));
            assertThat(refused.response()).contains("550 5.7.1 go away");
            await().atMost(Duration.ofSeconds(15)).until(() -> events.of("deferred", "r@hostile.example").size() >= 2);
            assertThat(events.of("deferred", "r@hostile.example")).extracting(DeliveryEvent::attempt)
                    .startsWith(1, 2);
            assertThat(events.ofType("bounced")).isEmpty();
            assertThat(sinks.get(1).messageCount()).isZero();
        }
    }
}
