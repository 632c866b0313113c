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
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two messages to one destination, one after the other: the second goes over the first one's
 * connection, after an RSET the server sees between them, and the cache counts one miss and
 * one hit.
 */
class ReusedSessionIsResetFirstTest {

    private SmtpSink sink;
    private SmtpDeliverer deliverer;

    @BeforeEach
    void start() throws Exception {
        sink = SmtpSink.builder().start();
        deliverer = deliverer(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() {
        deliverer.cache().close();
        sink.close();
    }

    @Test
    void secondMessageReusesTheConnectionAfterRset() {
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
        List<String> commands = sink.connections().get(0).chunksAsText();
        int rset = commands.indexOf("RSET\r\n");
        int lastMail = -1;
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith("MAIL FROM:")) {
                lastMail = i;
            }
        }
        assertThat(rset).as("RSET in %s", commands).isPositive();
        assertThat(lastMail).as("the second MAIL comes after the RSET").isGreaterThan(rset);
        assertThat(commands.stream().filter(c -> c.startsWith("MAIL FROM:")).count()).isEqualTo(2);

        ConnectionCache.Stats stats = deliverer.cache().stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.evictions()).isZero();
        assertThat(stats.idle()).isEqualTo(1);
    }
}
