package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camelmta.loopback.SinkTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KumoMTA's ConnectNextHost, the default: after an error in the middle of a message the
 * connection is closed and delivery goes on at the next host of the connection plan, which
 * gets the message; the first server gets no second connection.
 */
class ConnectNextHostMovesToTheNextServerTest {

    @ParameterizedTest
    @EnumSource(MidMessageFault.class)
    void nextServerInThePlanGetsTheMessage(MidMessageFault fault) throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.fault(fault.onFirstConnection()))) {
            DeliveryReport report = hops.deliver(ReconnectStrategy.CONNECT_NEXT_HOST, "alice", "bob");

            assertThat(report.delivered()).hasSize(2)
                    .allSatisfy(r -> assertThat(r.hop().host()).isEqualTo("mx2.example.test"));
            assertThat(report.connections()).extracting(a -> a.hop().host())
                    .containsExactly("mx1.example.test", "mx2.example.test");
            assertThat(hops.first.connectionCount()).isEqualTo(1);
            assertThat(hops.first.delivered()).isEmpty();
            assertThat(hops.second.delivered()).singleElement().satisfies(t ->
                    assertThat(t.recipientAddresses()).containsExactly("alice@example.test", "bob@example.test"));
        }
    }

    @Test
    void isTheDefault() {
        assertThat(DeliveryOptions.of(DeliveryFixtures.strategy("default", "client.test")).reconnect())
                .isEqualTo(ReconnectStrategy.CONNECT_NEXT_HOST);
    }

    @Test
    void serverThatClosesAfterOneMessageSendsTheNextToTheNextServer() throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.closeAfterMessages(1))) {
            assertThat(hops.deliver(ReconnectStrategy.CONNECT_NEXT_HOST, "first").delivered()).hasSize(1);
            DeliveryReport second = hops.deliver(ReconnectStrategy.CONNECT_NEXT_HOST, "second");

            assertThat(second.delivered()).singleElement()
                    .satisfies(r -> assertThat(r.hop().host()).isEqualTo("mx2.example.test"));
            assertThat(hops.first.connectionCount()).isEqualTo(1);
            assertThat(hops.first.delivered()).extracting(SinkTransaction::recipientAddresses)
                    .containsExactly(List.of("first@example.test"));
            assertThat(hops.second.delivered()).extracting(SinkTransaction::recipientAddresses)
                    .containsExactly(List.of("second@example.test"));
        }
    }
}
