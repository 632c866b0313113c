package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camelmta.dns.Hop;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.Test;

/**
 * The observer the engine's metrics hang on: told of every phase of a session, once, in order,
 * with whether the server answered; the STARTTLS phase ends with the handshake, and a phase that
 * times out is reported failed after its timeout.
 */
class SmtpObserverSeesEveryPhaseTest {

    private record Seen(Phase phase, Duration took, boolean ok) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final SmtpObserver observer = (phase, took, ok) -> seen.add(new Seen(phase, took, ok));

    @Test
    void aWholeSessionOverTlsIsSeenPhaseByPhase() throws Exception {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).start()) {
            SmtpSession session = SmtpSession.open(hop("mx.example.com", sink), null,
                    sessionOptions(TlsPolicy.OPPORTUNISTIC), observer);
            assertThat(session.isTls()).isTrue();
            TransactionResult result = session.send(tx("rcpt@example.com", "other@example.com"));
            assertThat(result.decided()).allSatisfy(r -> assertThat(r.reply().code()).isEqualTo(250));
            session.quit();

            assertThat(seen).extracting(Seen::phase).containsExactly(Phase.CONNECT, Phase.GREETING, Phase.EHLO,
                    Phase.STARTTLS, Phase.EHLO, Phase.MAIL, Phase.RCPT, Phase.RCPT, Phase.DATA, Phase.DATA_END,
                    Phase.QUIT);
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.ok()).isTrue();
                assertThat(s.took()).isPositive().isLessThan(Duration.ofSeconds(4));
            });
        }
    }

    @Test
    void aRefusedConnectionIsOneFailedConnect() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, SmtpTestSupport.ip("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Hop nowhere = new Hop("mx.example.com", 10, SmtpTestSupport.ip("127.0.0.1"), closedPort, true);

        assertThatThrownBy(() -> SmtpSession.open(nowhere, null, sessionOptions(TlsPolicy.DISABLED), observer))
                .isInstanceOf(SmtpFailure.class);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.phase()).isEqualTo(Phase.CONNECT);
            assertThat(s.ok()).isFalse();
        });
    }

    @Test
    void aTimeoutIsAFailedPhaseAsLongAsTheTimeout() throws Exception {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            SmtpSession session = SmtpSession.open(hop("mx.example.com", sink), null,
                    sessionOptions(shortAt(Phase.RCPT, Duration.ofMillis(300)), TlsPolicy.DISABLED), observer);
            TransactionResult result = session.send(tx("stall-rcpt-1@example.com"));
            assertThat(result.broken()).isNotNull();

            Seen last = seen.get(seen.size() - 1);
            assertThat(last.phase()).isEqualTo(Phase.RCPT);
            assertThat(last.ok()).isFalse();
            assertThat(last.took()).isBetween(Duration.ofMillis(290), Duration.ofSeconds(3));
            assertThat(seen.subList(0, seen.size() - 1)).allSatisfy(s -> assertThat(s.ok()).isTrue());
        }
    }
}
