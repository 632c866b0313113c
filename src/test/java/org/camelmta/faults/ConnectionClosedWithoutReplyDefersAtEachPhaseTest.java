package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The server hangs up without a word, once, at one phase: before its greeting, after EHLO,
 * MAIL, RCPT, DATA, or after the whole message. Each message is deferred with "lost connection
 * ... while" that phase (Postfix's words) and delivered, once, by the retry. After the final dot
 * the server may have kept the message: that is the one case where the retry can make a
 * duplicate (docs/reliability.md); this sink had not kept it.
 */
class ConnectionClosedWithoutReplyDefersAtEachPhaseTest {

    private record Row(Phase phase, String doing) {
        String domain() {
            return phase.name().toLowerCase().replace('_', '-') + ".example";
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row(Phase.GREETING, "receiving the initial server greeting"),
            new Row(Phase.EHLO, "performing the EHLO handshake"),
            new Row(Phase.MAIL, "sending MAIL FROM"),
            new Row(Phase.RCPT, "sending RCPT TO"),
            new Row(Phase.DATA, "sending DATA command"),
            new Row(Phase.DATA_END, "sending end of data"));

    @TempDir
    Path data;

    @Test
    void eachHangUpDefersAndTheRetryDelivers() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(ROWS.size(),
                (i, b) -> b.fault(SinkFault.at(ROWS.get(i).phase(), SinkAction.close()).times(1)))) {
            TestEngine.Builder builder = TestEngine.builder(data).quickRetries();
            for (int i = 0; i < ROWS.size(); i++) {
                builder.set("mta.routes." + ROWS.get(i).domain(), "[127.0.0." + (i + 2) + "]:" + sinks.port());
            }
            try (TestEngine engine = builder.start(); JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
                for (Row row : ROWS) {
                    Scenario.submit(engine, "a@example.com", "r@" + row.domain(), "closed-" + row.domain());
                }
                for (int i = 0; i < ROWS.size(); i++) {
                    Row row = ROWS.get(i);
                    String rcpt = "r@" + row.domain();
                    DeliveryEvent deferred = events.await("deferred", rcpt, Duration.ofSeconds(15));
                    assertThat(deferred.response()).as(rcpt).contains("lost connection with").contains("while " + row.doing());
                    DeliveryEvent delivered = events.await("delivered", rcpt, Duration.ofSeconds(20));
                    assertThat(delivered.attempt()).isEqualTo(2);
                    assertThat(sinks.get(i).messageCount()).as(rcpt).isEqualTo(1);
                }
                assertThat(events.ofType("bounced")).isEmpty();
            }
        }
    }
}
