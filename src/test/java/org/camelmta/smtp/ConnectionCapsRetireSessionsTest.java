package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camelmta.smtp.DeliveryFixtures.key;
import static org.camelmta.smtp.DeliveryFixtures.limits;
import static org.camelmta.smtp.DeliveryFixtures.message;
import static org.camelmta.smtp.DeliveryFixtures.open;

import java.time.Duration;
import java.time.Instant;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caps on one connection: after its last allowed message, or once it is as old as the
 * age limit, a session is closed instead of cached, and a cached one past the age limit is
 * not handed out, however briefly it has been idle. Age is read on the cache's clock.
 */
class ConnectionCapsRetireSessionsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final SteppedClock clock = new SteppedClock(T0);
    private SmtpSink sink;
    private ConnectionCache cache;

    @BeforeEach
    void start() throws Exception {
        sink = SmtpSink.builder().start();
    }

    @AfterEach
    void stop() {
        if (cache != null) {
            cache.close();
        }
        sink.close();
    }

    @Test
    void sessionThatCarriedTheMaximumOfMessagesIsClosedNotCached() throws Exception {
        cache = new ConnectionCache(limits(10, Duration.ofMinutes(5), 2, Duration.ofHours(1)), clock);
        SmtpSession session = open(sink);
        session.send(message("one"));
        cache.release(key(sink, "default"), session);
        assertThat(cache.stats().idle()).isEqualTo(1);

        SmtpSession again = cache.take(key(sink, "default"));
        assertThat(again).isSameAs(session);
        again.send(message("two"));
        cache.release(key(sink, "default"), again);

        SinkConnection atSink = sink.connections().get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !atSink.isOpen());
        assertThat(atSink.transactions()).hasSize(2).allMatch(t -> t.delivered());
        assertThat(atSink.chunksAsText()).last().isEqualTo("QUIT\r\n");
        assertThat(cache.stats()).isEqualTo(new ConnectionCache.Stats(1, 0, 1, 0));
    }

    @Test
    void sessionAsOldAsTheAgeLimitIsClosedWhenGivenBack() throws Exception {
        cache = new ConnectionCache(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(3)), clock);
        SmtpSession session = open(sink);
        session.send(message("one"));
        cache.release(key(sink, "default"), session); // born at T0 less the time the message took
        assertThat(cache.evictExpired(T0)).as("the age limit comes before the idle timeout")
                .isBetween(Duration.ofMinutes(3).minusSeconds(1), Duration.ofMinutes(3));

        clock.advance(Duration.ofMinutes(2));
        SmtpSession young = cache.take(key(sink, "default"));
        assertThat(young).isSameAs(session);
        young.send(message("two"));
        clock.advance(Duration.ofMinutes(1)); // three minutes old now
        cache.release(key(sink, "default"), young);

        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(0).isOpen());
        assertThat(cache.stats().idle()).isZero();
        assertThat(cache.stats().evictions()).isEqualTo(1);
    }

    @Test
    void cachedSessionPastTheAgeLimitIsNotHandedOutThoughBrieflyIdle() throws Exception {
        cache = new ConnectionCache(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(3)), clock);
        SmtpSession session = open(sink);
        cache.release(key(sink, "default"), session);
        clock.advance(Duration.ofMinutes(2));
        cache.release(key(sink, "default"), cache.take(key(sink, "default"))); // idle again since T0 + 2m

        clock.advance(Duration.ofMinutes(1)); // idle one minute, but three minutes old
        assertThat(cache.take(key(sink, "default"))).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(0).isOpen());
        assertThat(cache.stats()).isEqualTo(new ConnectionCache.Stats(1, 1, 1, 0));
    }

    @Test
    void sweepClosesSessionsPastTheAgeLimitBehindYoungerIdleOnes() throws Exception {
        cache = new ConnectionCache(limits(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(3)), clock);
        SmtpSession young = open(sink);
        cache.release(key(sink, "young"), young); // idle since T0, born T0
        SmtpSession old = open(sink);
        cache.release(key(sink, "old"), old);
        clock.advance(Duration.ofMinutes(2));
        cache.release(key(sink, "old"), cache.take(key(sink, "old"))); // idle since T0 + 2m, born T0
        clock.advance(Duration.ofSeconds(30));
        cache.release(key(sink, "young"), cache.take(key(sink, "young")));

        // At T0 + 3m both are as old as the limit, though idle only 1 minute and 30 seconds.
        assertThat(cache.evictExpired(T0.plus(Duration.ofMinutes(3)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(cache.stats().idle()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.connections().stream().noneMatch(SinkConnection::isOpen));
    }
}
