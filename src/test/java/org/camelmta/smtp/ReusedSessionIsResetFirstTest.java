package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.camelmta.smtp.DeliveryFixtures.deliverer;
import static org.camelmta.smtp.DeliveryFixtures.hop;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.message;
import static org.camelmta.smtp.DeliveryFixtures.options;
import static org.camelmta.smtp.DeliveryFixtures.plan;

import java.time.Duration;
import java.util.List;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two messages to one destination, one after the other: the second goes over the first one's
 * connection, after an RSET the server sees between them, and the cache counts one miss and
 * one hit. To a server that offers PIPELINING the RSET goes at the head of the second
 * message's command group, in the same write (no round trip of its own); to one that does not,
 * it is sent and answered before MAIL.
 */
class ReusedSessionIsResetFirstTest {

    private SmtpSink sink;
    private SmtpDeliverer deliverer;

    @AfterEach
    void stop() {
        deliverer.cache().close();
        sink.close();
    }

    @Test
    void secondMessageReusesTheConnectionWithRsetPipelinedAheadOfItsMail() throws Exception {
        start(SmtpSink.builder());

        deliverTwo();

        assertThat(sink.connections().get(0).chunksAsText()).containsExactly(
                "EHLO client.test\r\n",
                "MAIL FROM:<sender@origin.test> SIZE=113\r\nRCPT TO:<one@example.test>\r\nDATA\r\n",
                "RSET\r\nMAIL FROM:<sender@origin.test> SIZE=113\r\nRCPT TO:<two@example.test>\r\nDATA\r\n");
    }

    @Test
    void withoutPipeliningTheRsetIsAnsweredBeforeTheSecondMail() throws Exception {
        start(SmtpSink.builder().without("PIPELINING"));

        deliverTwo();

        List<String> commands = sink.connections().get(0).chunksAsText();
        assertThat(commands).containsSubsequence("RCPT TO:<one@example.test>\r\n", "RSET\r\n",
                "MAIL FROM:<sender@origin.test> SIZE=113\r\n", "RCPT TO:<two@example.test>\r\n");
    }

    private void start(SinkBuilder builder) throws Exception {
        sink = builder.start();
        deliverer = deliverer(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(5)));
    }

    private void deliverTwo() {
        ConnectionPlan plan = plan(hop(sink));
        DeliveryReport first = deliverer.deliver(plan, message("one"), options(ReconnectStrategy.CONNECT_NEXT_HOST));
        DeliveryReport second = deliverer.deliver(plan, message("two"), options(ReconnectStrategy.CONNECT_NEXT_HOST));

        assertThat(first.delivered()).hasSize(1);
        assertThat(second.delivered()).hasSize(1);
        assertThat(first.connections()).singleElement().extracting(ConnectionAttempt::reused).isEqualTo(false);
        assertThat(second.connections()).singleElement().extracting(ConnectionAttempt::reused).isEqualTo(true);

        assertThat(sink.connectionCount()).isEqualTo(1);
        assertThat(sink.transactions()).extracting(SinkTransaction::connectionIndex, SinkTransaction::index)
                .containsExactly(tuple(0, 0), tuple(0, 1));

        ConnectionCache.Stats stats = deliverer.cache().stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.evictions()).isZero();
        assertThat(stats.idle()).isEqualTo(1);
    }
}
