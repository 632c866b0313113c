package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The server goes silent, once, at one phase. Every timeout is 30 seconds except that phase's,
 * which is one second, in a connection strategy of its own that the message selects
 * ({@code mtaConnection}): the message is deferred after about a second with "timed out while"
 * that phase, so it was that phase's timeout that fired and no other, and the retry delivers it.
 * (The client-level check of each timeout is smtp/EachPhaseTimeoutFiresAtItsOwnPhaseTest.)
 */
class StalledServerTimesOutAtThatPhaseTest {

    private record Row(Phase phase, String timeoutKey, String doing) {
        String name() {
            return phase.name().toLowerCase().replace('_', '-');
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row(Phase.GREETING, "greeting", "receiving the initial server greeting"),
            new Row(Phase.EHLO, "ehlo", "performing the EHLO handshake"),
            new Row(Phase.MAIL, "mail-from", "sending MAIL FROM"),
            new Row(Phase.RCPT, "rcpt-to", "sending RCPT TO"),
            new Row(Phase.DATA, "data", "sending DATA command"),
            new Row(Phase.DATA_END, "data-end", "sending end of data"));

    private static final String[] TIMEOUTS = {"greeting", "ehlo", "mail-from", "rcpt-to", "data", "data-end", "rset"};

    @TempDir
    Path data;

    @Test
    void eachStallEndsAtItsOwnTimeout() throws Exception {
        try (Sinks sinks = Sinks.eachOnLoopback(ROWS.size(),
                (i, b) -> b.fault(SinkFault.at(ROWS.get(i).phase(), SinkAction.stall()).times(1)))) {
            TestEngine.Builder builder = TestEngine.builder(data).quickRetries();
            for (String t : TIMEOUTS) {
                builder.set("mta.connection.default.timeout." + t, "30s");
            }
            for (int i = 0; i < ROWS.size(); i++) {
                Row row = ROWS.get(i);
                builder.set("mta.routes." + row.name() + ".example", "[127.0.0." + (i + 2) + "]:" + sinks.port());
                builder.set("mta.connection." + row.name() + ".timeout." + row.timeoutKey(), "1s");
            }
            try (TestEngine engine = builder.start(); JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
                Instant submitted = Instant.now();
                for (Row row : ROWS) {
                    Scenario.submit(engine, "a@example.com", "r@" + row.name() + ".example", "stall-" + row.name(),
                            "mtaConnection", row.name());
                }
                for (int i = 0; i < ROWS.size(); i++) {
                    Row row = ROWS.get(i);
                    String rcpt = "r@" + row.name() + ".example";
                    DeliveryEvent deferred = events.await("deferred", rcpt, Duration.ofSeconds(20));
                    assertThat(deferred.response()).as(rcpt).contains("timed out while " + row.doing());
                    assertThat(Duration.between(submitted, Instant.parse(deferred.timestamp())))
                            .as("%s deferred long before any 30 s timeout", rcpt).isLessThan(Duration.ofSeconds(10));
                    events.await("delivered", rcpt, Duration.ofSeconds(20));
                    assertThat(sinks.get(i).messageCount()).as(rcpt).isEqualTo(1);
                }
                assertThat(events.ofType("bounced")).isEmpty();
            }
        }
    }
}
