package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camelmta.smtp.DeliveryFixtures.key;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.open;

import java.time.Duration;
import java.time.Instant;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sendmail's ConnectionCacheSize: with the cache full, giving back one more session closes
 * the one that has been idle longest, whichever destination or strategy it serves; a session
 * reused and given back again counts as freshly idle.
 */
class CacheSizeBoundClosesLongestIdleTest {

    private final SteppedClock clock = new SteppedClock(Instant.parse("2030-01-01T00:00:00Z"));
    private SmtpSink sink;
    private ConnectionCache cache;

    @BeforeEach
    void start() throws Exception {
        sink = SmtpSink.builder().start();
        cache = new ConnectionCache(limits(2, Duration.ofMinutes(5), 100, Duration.ofHours(1)), clock);
    }

    @AfterEach
    void stop() {
        cache.close();
        sink.close();
    }

    @Test
    void thirdSessionGivenBackClosesTheFirst() throws Exception {
        giveBack("a");
        giveBack("b");
        giveBack("c");

        SinkConnection a = sink.connections().get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isOpen());
        assertThat(a.chunksAsText()).last().isEqualTo("QUIT\r\n");
        assertThat(sink.connections().subList(1, 3)).allMatch(SinkConnection::isOpen);
        assertThat(cache.stats().idle()).isEqualTo(2);
        assertThat(cache.stats().evictions()).isEqualTo(1);
        assertThat(cache.take(key(sink, "a"))).isNull();
        assertThat(cache.take(key(sink, "b"))).isNotNull();
        assertThat(cache.take(key(sink, "c"))).isNotNull();
    }

    @Test
    void reusedSessionIsNoLongerTheLongestIdle() throws Exception {
        giveBack("a");
        giveBack("b");
        cache.release(key(sink, "a"), cache.take(key(sink, "a"))); // a is now the most recently idle
        clock.advance(Duration.ofSeconds(1));
        giveBack("c");

        SinkConnection b = sink.connections().get(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.isOpen());
        assertThat(sink.connections().get(0).isOpen()).isTrue();
        assertThat(cache.take(key(sink, "a"))).isNotNull();
    }

    private void giveBack(String strategy) throws SmtpFailure {
        cache.release(key(sink, strategy), open(sink));
        clock.advance(Duration.ofSeconds(1));
    }
}
