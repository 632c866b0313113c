package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.camelmta.loopback.SinkTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KumoMTA's TerminateSession: after an error in the middle of a message the session ends and
 * the message is deferred with that error; no other connection is made in that attempt, to
 * the same server or the next one.
 */
class TerminateSessionDefersAfterMidMessageErrorTest {

    @ParameterizedTest
    @EnumSource(MidMessageFault.class)
    void messageIsDeferredWithTheErrorAndNoOtherConnectionIsMade(MidMessageFault fault) throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.fault(fault.onFirstConnection()))) {
            DeliveryReport report = hops.deliver(ReconnectStrategy.TERMINATE_SESSION, "alice", "bob");

            assertThat(report.recipients()).hasSize(2).allSatisfy(r -> {
                assertThat(r.isTransientFailure()).isTrue();
                assertThat(r.reply().code()).isEqualTo(fault.code);
                assertThat(r.phase()).isEqualTo(fault.phase);
                assertThat(r.cause()).isEqualTo(fault.cause);
                assertThat(r.hop().host()).isEqualTo("mx1.example.test");
            });
            assertThat(report.connections()).singleElement()
                    .satisfies(a -> assertThat(a.hop().host()).isEqualTo("mx1.example.test"));
            assertThat(hops.first.connectionCount()).isEqualTo(1);
            assertThat(hops.first.delivered()).isEmpty();
            assertThat(hops.second.connectionCount()).isZero();
        }
    }

    @Test
    void serverThatClosesAfterOneMessageDefersTheNextOnTheReusedConnection() throws Exception {
        try (TwoHops hops = TwoHops.start(b -> b.closeAfterMessages(1))) {
            DeliveryReport first = hops.deliver(ReconnectStrategy.TERMINATE_SESSION, "first");
            DeliveryReport second = hops.deliver(ReconnectStrategy.TERMINATE_SESSION, "second");

            assertThat(first.delivered()).hasSize(1);
            assertThat(second.recipients()).singleElement().satisfies(r -> {
                assertThat(r.reply().code()).isEqualTo(421);
                assertThat(r.phase()).isEqualTo(Phase.MAIL);
            });
            assertThat(second.connections()).singleElement().satisfies(a -> assertThat(a.reused()).isTrue());
            assertThat(hops.first.connectionCount()).isEqualTo(1);
            assertThat(hops.first.delivered()).extracting(SinkTransaction::recipientAddresses)
                    .containsExactly(java.util.List.of("first@example.test"));
            assertThat(hops.second.connectionCount()).isZero();
        }
    }
}
