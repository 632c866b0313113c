package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camelmta.loopback.SinkTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KumoMTA's ReconnectSameHost: after an error in the middle of a message the connection is
 * closed and a new one made to the same server, which gets the message; the next server in the
 * plan is never contacted. The same server is tried again once per delivery attempt: if it
 * fails again, the message is deferred.
 */
class ReconnectSameHostRetriesTheSameServerTest {

    @ParameterizedTest
    @EnumSource(MidMessageFault.class)
    void newConnectionToTheSameServerDeliversTheMessage(MidMessageFault fault) throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.fault(fault.onFirstConnection()))) {
            DeliveryReport report = hops.deliver(ReconnectStrategy.RECONNECT_SAME_HOST, "alice", "bob");

            assertThat(report.delivered()).hasSize(2)
                    .allSatisfy(r -> assertThat(r.hop().host()).isEqualTo("mx1.example.test"));
            assertThat(report.connections()).hasSize(2)
                    .allSatisfy(a -> assertThat(a.hop().host()).isEqualTo("mx1.example.test"));
            assertThat(hops.first.connectionCount()).isEqualTo(2);
            assertThat(hops.first.delivered()).singleElement().satisfies(t -> {
                assertThat(t.connectionIndex()).isEqualTo(1);
                assertThat(t.recipientAddresses()).containsExactly("alice@example.test", "bob@example.test");
            });
            assertThat(hops.second.connectionCount()).isZero();
        }
    }

    @Test
    void serverThatClosesAfterOneMessageGetsTheNextOnANewConnection() throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.closeAfterMessages(1))) {
            assertThat(hops.deliver(ReconnectStrategy.RECONNECT_SAME_HOST, "first").delivered()).hasSize(1);
            DeliveryReport second = hops.deliver(ReconnectStrategy.RECONNECT_SAME_HOST, "second");

            assertThat(second.delivered()).hasSize(1);
            assertThat(second.connections()).extracting(ConnectionAttempt::reused).containsExactly(true, false);
            assertThat(hops.first.delivered())
                    .extracting(SinkTransaction::connectionIndex, SinkTransaction::recipientAddresses)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(0, List.of("first@example.test")),
                            org.assertj.core.api.Assertions.tuple(1, List.of("second@example.test")));
            assertThat(hops.second.connectionCount()).isZero();
        }
    }

    @Test
    void serverFailingAgainOnTheNewConnectionDefersTheMessage() throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.fault(MidMessageFault.REPLY_421_AT_DATA_END.always()))) {
            DeliveryReport report = hops.deliver(ReconnectStrategy.RECONNECT_SAME_HOST, "alice");

            assertThat(report.recipients()).singleElement().satisfies(r -> {
                assertThat(r.isTransientFailure()).isTrue();
                assertThat(r.reply().code()).isEqualTo(421);
            });
            assertThat(hops.first.connectionCount()).isEqualTo(2);
            assertThat(hops.first.delivered()).isEmpty();
            assertThat(hops.second.connectionCount()).isZero();
        }
    }
}
