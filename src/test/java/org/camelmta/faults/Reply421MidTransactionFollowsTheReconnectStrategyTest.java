package org.camelmta.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkFault;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server answers 421 and hangs up in the middle of a transaction, once: at MAIL, at RCPT, to
 * DATA, or after the whole message instead of 250. Each destination has two MX hosts. What
 * happens next is the configured reconnect strategy's (KumoMTA's reconnect_strategy), as the
 * user sees it in the events: TerminateSession defers (the 421 in the event) and the retry
 * delivers at the first host; ReconnectSameHost delivers at the first host on a new connection
 * at once; ConnectNextHost delivers at the second host at once. Never a bounce, never a loss.
 * (The client-level view, connection by connection, is in smtp/*StrategyTest and
 * smtp/ConnectNextHostMovesToTheNextServerTest.)
 */
class Reply421MidTransactionFollowsTheReconnectStrategyTest {

    /** The phases a 421 comes at, each for its own destination (phase name = domain label). */
    private static final List<Phase> PHASES = List.of(Phase.MAIL, Phase.RCPT, Phase.DATA, Phase.DATA_END);

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TerminateSession", "ReconnectSameHost", "ConnectNextHost"})
    void theStrategyDecidesWhereTheMailGoes(String strategy) throws Exception {
        StringBuilder zone = new StringBuilder("@ IN SOA ns hostmaster 1 3600 600 86400 60\n");
        for (int k = 0; k < PHASES.size(); k++) {
            String label = label(PHASES.get(k));
            zone.append(label).append(" MX 10 mx1-").append(label).append('\n')
                    .append(label).append(" MX 20 mx2-").append(label).append('\n')
                    .append("mx1-").append(label).append(" A 127.0.0.").append(2 + 2 * k).append('\n')
                    .append("mx2-").append(label).append(" A 127.0.0.").append(3 + 2 * k).append('\n');
        }
        try (ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", zone.toString());
             Sinks sinks = Sinks.eachOnLoopback(2 * PHASES.size(), (i, b) -> i % 2 == 1 ? b
                     : b.fault(SinkFault.at(PHASES.get(i / 2), SinkAction.reply(421, "4.3.2 shutting down")).times(1)));
             TestEngine engine = TestEngine.builder(data).quickRetries().dns(dns).smtpPort(sinks.port())
                     .set("mta.reconnect-strategy", strategy).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            for (Phase phase : PHASES) {
                Scenario.submit(engine, "a@example.com", "r@" + label(phase) + ".example.net", "reply421" + label(phase));
            }

            for (int k = 0; k < PHASES.size(); k++) {
                String rcpt = "r@" + label(PHASES.get(k)) + ".example.net";
                DeliveryEvent delivered = events.await("delivered", rcpt, Duration.ofSeconds(20));
                List<DeliveryEvent> deferred = events.of("deferred", rcpt);
                switch (strategy) {
                    case "TerminateSession" -> {
                        assertThat(deferred).as(rcpt).extracting(DeliveryEvent::code, DeliveryEvent::ip)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple(421, firstHost(k)));
                        assertThat(delivered.attempt()).isEqualTo(2);
                        assertThat(delivered.ip()).isEqualTo(firstHost(k));
                        assertThat(sinks.get(2 * k + 1).connectionCount()).as("second host of %s", rcpt).isZero();
                    }
                    case "ReconnectSameHost" -> {
                        assertThat(deferred).as(rcpt).isEmpty();
                        assertThat(delivered.attempt()).isEqualTo(1);
                        assertThat(delivered.ip()).isEqualTo(firstHost(k));
                        assertThat(sinks.get(2 * k).connectionCount()).isEqualTo(2);
                        assertThat(sinks.get(2 * k + 1).connectionCount()).as("second host of %s", rcpt).isZero();
                    }
                    default -> {
                        assertThat(deferred).as(rcpt).isEmpty();
                        assertThat(delivered.attempt()).isEqualTo(1);
                        assertThat(delivered.ip()).isEqualTo("127.0.0." + (3 + 2 * k));
                        assertThat(sinks.get(2 * k).connectionCount()).isEqualTo(1);
                    }
                }
                assertThat(sinks.get(2 * k).messageCount() + sinks.get(2 * k + 1).messageCount()).as(rcpt).isEqualTo(1);
            }
            assertThat(events.ofType("bounced")).isEmpty();
        }
    }

    private static String firstHost(int k) {
        return "127.0.0." + (2 + 2 * k);
    }

    private static String label(Phase phase) {
        return phase.name().toLowerCase().replace('_', '-');
    }
}
