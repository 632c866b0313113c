package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.shortAt;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.TricklingServer.ENDLESS;
import static org.camelmta.smtp.TricklingServer.TRICKLE;

import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server sends the reply of one phase (or its side of the TLS handshake) one byte every
 * 100 ms: every read gets a byte long before any per-read timeout, so only a deadline for the
 * whole phase can end it. With that phase's timeout short, the delivery must end after about
 * that timeout, as a transient timeout at that phase; without the deadline it would take
 * minutes (and the test times out).
 */
class TrickledReplyTimesOutAtItsPhaseDeadlineTest {

    private static final Duration SHORT = Duration.ofMillis(500);
    private static final long SLACK_MILLIS = 1_500;

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Timeout(value = 15, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "trickled at {0}")
    @EnumSource(value = Phase.class, names = {"GREETING", "EHLO", "STARTTLS", "MAIL", "DATA_END"})
    void theTrickledPhaseEndsAtItsDeadline(Phase phase) throws IOException {
        String greeting = phase == Phase.GREETING ? TRICKLE + "220 " + "x".repeat(3_000) : "220 trickling ESMTP";
        UnaryOperator<String> script = line -> switch (line.split("[ :]")[0]) {
            case "EHLO" -> phase == Phase.EHLO ? TRICKLE + "250-trickling\n" + ENDLESS
                    : phase == Phase.STARTTLS ? "250-trickling\n250 STARTTLS" : "250-trickling\n250 PIPELINING";
            case "STARTTLS" -> "220 2.0.0 go ahead"; // then the handshake trickles
            case "MAIL" -> phase == Phase.MAIL ? TRICKLE + ENDLESS : "250 2.1.0 ok";
            case "RCPT" -> "250 2.1.5 ok";
            case "DATA" -> "354 go ahead";
            case "." -> TRICKLE + ENDLESS;
            default -> "250 ok";
        };
        try (TricklingServer server = new TricklingServer(greeting, script)) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            long start = System.nanoTime();
            DeliveryReport report = deliverer.deliver(plan(hop), tx("rcpt@example.com"),
                    options(shortAt(phase, SHORT), phase == Phase.STARTTLS ? TlsPolicy.REQUIRE : TlsPolicy.OPPORTUNISTIC));
            long elapsed = millisSince(start);

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(phase);
            assertThat(result.cause()).isEqualTo(Cause.TIMEOUT);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("timed out");
            assertThat(elapsed).isBetween(SHORT.toMillis(), SHORT.toMillis() + SLACK_MILLIS);
        }
    }
}
