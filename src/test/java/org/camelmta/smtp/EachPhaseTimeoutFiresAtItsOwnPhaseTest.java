package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.time.Duration;
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
 * The sink goes silent at exactly one phase; only that phase's timeout is short. The delivery
 * must end after about that timeout (every other one is {@link SmtpTestSupport#LONG}, so a
 * wrong timeout, or one spanning several phases, shows in the elapsed time), with a transient
 * result naming the phase, as Postfix words it.
 */
class EachPhaseTimeoutFiresAtItsOwnPhaseTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    /** Far below LONG: the delivery may not have waited for any other timeout. */
    private static final long SLACK_MILLIS = 1_500;

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    static Stream<Arguments> stalls() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean pipelining : new boolean[] {true, false}) {
            cases.add(Arguments.of(Phase.GREETING, pipelining, false, "receiving the initial server greeting"));
            cases.add(Arguments.of(Phase.EHLO, pipelining, false, "performing the EHLO handshake"));
            cases.add(Arguments.of(Phase.STARTTLS, pipelining, true, "performing the STARTTLS handshake"));
            cases.add(Arguments.of(Phase.MAIL, pipelining, false, "sending MAIL FROM"));
            cases.add(Arguments.of(Phase.RCPT, pipelining, false, "sending RCPT TO"));
            cases.add(Arguments.of(Phase.DATA, pipelining, false, "sending DATA command"));
            cases.add(Arguments.of(Phase.DATA_END, pipelining, false, "sending end of data"));
        }
        // Inside TLS a timed-out connection is dropped without close_notify; it must not hang there.
        cases.add(Arguments.of(Phase.MAIL, true, true, "sending MAIL FROM"));
        cases.add(Arguments.of(Phase.RCPT, true, true, "sending RCPT TO"));
        cases.add(Arguments.of(Phase.DATA, true, true, "sending DATA command"));
        cases.add(Arguments.of(Phase.DATA_END, true, true, "sending end of data"));
        return cases.stream();
    }

    @ParameterizedTest(name = "silent at {0}, pipelining {1}, TLS {2}")
    @MethodSource("stalls")
    void theSilentPhaseTimesOutAfterItsOwnTimeout(Phase phase, boolean pipelining, boolean tls, String doing)
            throws IOException {
        SinkBuilder builder = SmtpSink.builder().fault(phase, SinkAction.stall());
        if (!pipelining) {
            builder.without("PIPELINING");
        }
        if (tls) {
            builder.tls(SinkTls.serverContext());
        }
        try (SmtpSink sink = builder.start()) {
            long start = System.nanoTime();
            DeliveryReport report = deliverer.deliver(plan(sink), tx("rcpt@example.com"),
                    // (opportunistic TLS would retry a stalled STARTTLS in clear: see StalledStartTlsRetriesInClearTest)
                    options(shortAt(phase, SHORT), phase == Phase.STARTTLS ? TlsPolicy.REQUIRE : TlsPolicy.OPPORTUNISTIC));
            long elapsed = millisSince(start);

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(phase);
            assertThat(result.cause()).isEqualTo(Cause.TIMEOUT);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("timed out while " + doing);
            assertThat(elapsed).isBetween(SHORT.toMillis(), SHORT.toMillis() + SLACK_MILLIS);
            assertThat(sink.messageCount()).isZero();
            assertThat(sink.connections().get(0).tls()).isEqualTo(tls && phase != Phase.STARTTLS);
        }
    }
}
