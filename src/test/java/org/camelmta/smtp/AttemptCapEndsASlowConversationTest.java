package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.allTimeouts;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.millisSince;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.TricklingServer.TRICKLE;

import java.io.IOException;
import java.time.Duration;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every reply of the server is trickled, each within its phase's timeout (about a second
 * against four), so no phase ever times out: a whole conversation would take several seconds
 * per host, and the plan has two hosts. The attempt cap (2 s) ends the attempt, whatever phase
 * it is in and on whichever host, as a transient failure; nothing is delivered.
 */
class AttemptCapEndsASlowConversationTest {

    private static final Duration CAP = Duration.ofSeconds(2);
    private static final long SLACK_MILLIS = 1_500;

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @Test
    void theAttemptEndsAtItsCap() throws IOException {
        try (TricklingServer first = slowServer(); TricklingServer second = slowServer()) {
            Hop a = new Hop("mx1.example.com", 10, first.address(), first.port(), true);
            Hop b = new Hop("mx2.example.com", 20, second.address(), second.port(), true);
            long start = System.nanoTime();
            DeliveryReport report = deliverer.deliver(plan(a, b), tx("rcpt@example.com"),
                    options(allTimeouts(SmtpTestSupport.LONG).withAttempt(CAP), TlsPolicy.DISABLED));
            long elapsed = millisSince(start);

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.cause()).isEqualTo(Cause.TIMEOUT);
            assertThat(result.reply().text()).contains("time limit");
            assertThat(elapsed).isBetween(CAP.toMillis(), CAP.toMillis() + SLACK_MILLIS);
            assertThat(first.lines()).doesNotContain(".");
            assertThat(second.lines()).doesNotContain(".");
        }
    }

    /** Every reply about 0.8 s long: each phase well inside its 4 s, the whole far beyond 2 s. */
    private static TricklingServer slowServer() throws IOException {
        return new TricklingServer(TRICKLE + "220 slow", line -> switch (line.split("[ :]")[0]) {
            case "EHLO" -> TRICKLE + "250 slow";
            case "DATA" -> TRICKLE + "354 go";
            default -> TRICKLE + "250 ok";
        });
    }
}
