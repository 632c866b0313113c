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
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server hangs up without a word at one phase: the recipient is deferred with a lost
 * connection at exactly that phase, worded as Postfix words it.
 */
class EachPhaseDisconnectIsALostConnectionTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    static Stream<Arguments> disconnects() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean pipelining : new boolean[] {true, false}) {
            cases.add(Arguments.of(Phase.GREETING, pipelining, "receiving the initial server greeting"));
            cases.add(Arguments.of(Phase.EHLO, pipelining, "performing the EHLO handshake"));
            cases.add(Arguments.of(Phase.STARTTLS, pipelining, "performing the STARTTLS handshake"));
            cases.add(Arguments.of(Phase.MAIL, pipelining, "sending MAIL FROM"));
            cases.add(Arguments.of(Phase.RCPT, pipelining, "sending RCPT TO"));
            cases.add(Arguments.of(Phase.DATA, pipelining, "sending DATA command"));
            cases.add(Arguments.of(Phase.DATA_END, pipelining, "sending end of data"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "hang-up at {0}, pipelining {1}")
    @MethodSource("disconnects")
    void theRecipientIsDeferredWithALostConnection(Phase phase, boolean pipelining, String doing) throws IOException {
        SinkBuilder builder = SmtpSink.builder().fault(phase, SinkAction.close());
        if (!pipelining) {
            builder.without("PIPELINING");
        }
        if (phase == Phase.STARTTLS) {
            builder.tls(SinkTls.serverContext());
        }
        try (SmtpSink sink = builder.start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(phase);
            assertThat(result.cause()).isEqualTo(Cause.LOST_CONNECTION);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("lost connection with").contains("while " + doing);
            assertThat(sink.messageCount()).isZero();
        }
    }
}
