package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkFault;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MAIL or DATA refused: every recipient gets that reply, every reply the refusal left behind
 * (503s to pipelined RCPT and DATA) is consumed, the transaction is reset, and the next message
 * goes through on the same connection.
 */
class RefusalMidTransactionKeepsTheSessionInStepTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean pipelining : new boolean[] {true, false}) {
            cases.add(Arguments.of(Phase.MAIL, 550, "5.7.1 sender refused", pipelining));
            cases.add(Arguments.of(Phase.MAIL, 451, "4.3.0 try again later", pipelining));
            cases.add(Arguments.of(Phase.DATA, 554, "5.7.1 no data today", pipelining));
            cases.add(Arguments.of(Phase.DATA, 451, "4.3.0 try again later", pipelining));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} at {0}, pipelining {3}")
    @MethodSource("refusals")
    void theNextMessageGoesThroughOnTheSameConnection(Phase phase, int code, String text, boolean pipelining)
            throws IOException {
        SinkBuilder builder = SmtpSink.builder().fault(SinkFault.at(phase, SinkAction.reply(code, text)).times(1));
        if (!pipelining) {
            builder.without("PIPELINING");
        }
        try (SmtpSink sink = builder.start()) {
            DeliveryReport refused = deliverer.deliver(plan(sink), tx("a@example.com", "b@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(refused.recipients()).allSatisfy(r -> {
                assertThat(r.phase()).isEqualTo(phase);
                assertThat(r.reply().code()).isEqualTo(code);
                assertThat(r.reply().text()).isEqualTo(text);
                assertThat(r.cause()).isEqualTo(Cause.REPLY);
            });

            DeliveryReport next = deliverer.deliver(plan(sink), tx("a@example.com", "b@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            assertThat(next.delivered()).hasSize(2);
            assertThat(sink.connectionCount()).isEqualTo(1);
            assertThat(sink.delivered()).singleElement()
                    .satisfies(t -> assertThat(t.recipientAddresses()).containsExactly("a@example.com", "b@example.com"));
        }
    }
}
