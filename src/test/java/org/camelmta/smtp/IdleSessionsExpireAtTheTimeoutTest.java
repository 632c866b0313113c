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
 * Sendmail's ConnectionCacheTimeout, driven step by step on a clock the test holds: a session
 * idle for exactly the timeout is closed (QUIT, seen by the server), one a moment younger is
 * not, and each sweep says when the next session expires. In the engine the sweep runs in the
 * background, scheduled for the next expiry.
 */
class IdleSessionsExpireAtTheTimeoutTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(5);

    private final SteppedClock clock = new SteppedClock(T0);
    private SmtpSink sink;
    private ConnectionCache cache;

    @BeforeEach
    void start() throws Exception {
        sink = SmtpSink.builder().start();
        cache = new ConnectionCache(limits(10, IDLE, 100, Duration.ofHours(1)), clock);
    }

    @AfterEach
    void stop() {
        cache.close();
        sink.close();
    }

    @Test
    void sessionIdleForExactlyTheTimeoutIsQuitAndTheNextWakeUpIsReturned() throws Exception {
        SmtpSession first = open(sink);
        assertThat(first.send(message("a")).decided()).allMatch(RecipientResult::isDelivered);
        cache.release(key(sink, "default"), first); // idle since T0
        clock.advance(Duration.ofMinutes(2));
        SmtpSession second = open(sink);
        cache.release(key(sink, "other"), second); // idle since T0 + 2m

        assertThat(cache.evictExpired(T0.plus(IDLE).minusMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThat(cache.stats().idle()).isEqualTo(2);

        assertThat(cache.evictExpired(T0.plus(IDLE))).isEqualTo(Duration.ofMinutes(2));
        SinkConnection firstAtSink = sink.connections().get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !firstAtSink.isOpen());
        assertThat(firstAtSink.chunksAsText()).last().isEqualTo("QUIT\r\n");
        assertThat(sink.connections().get(1).isOpen()).isTrue();
        assertThat(cache.stats()).isEqualTo(new ConnectionCache.Stats(0, 0, 1, 1));

        assertThat(cache.evictExpired(T0.plus(IDLE).plus(Duration.ofMinutes(2)))).isEqualTo(IDLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(1).isOpen());
        assertThat(cache.stats()).isEqualTo(new ConnectionCache.Stats(0, 0, 2, 0));
    }

    @Test
    void takingASessionIdleForTheTimeoutFindsNothingAndClosesIt() throws Exception {
        cache.release(key(sink, "default"), open(sink));
        clock.advance(IDLE.minusMillis(1));
        SmtpSession stillFresh = cache.take(key(sink, "default"));
        assertThat(stillFresh).isNotNull();
        cache.release(key(sink, "default"), stillFresh); // idle again from T0 + 5m - 1ms

        clock.advance(IDLE);
        assertThat(cache.take(key(sink, "default"))).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sink.connections().get(0).isOpen());
        assertThat(sink.connectionCount()).isEqualTo(1);
        assertThat(cache.stats()).isEqualTo(new ConnectionCache.Stats(1, 1, 1, 0));
    }

    @Test
    void backgroundSweepQuitsIdleSessionsWithoutBeingAsked() throws Exception {
        try (ConnectionCache swept = new ConnectionCache(limits(10, Duration.ofMillis(200), 100, Duration.ofHours(1)),
                java.time.Clock.systemUTC()).startIdleEviction()) {
            swept.release(key(sink, "default"), open(sink));
            swept.release(key(sink, "other"), open(sink));

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> sink.connections().stream().noneMatch(SinkConnection::isOpen));
            assertThat(sink.connections()).allSatisfy(c -> assertThat(c.chunksAsText()).last().isEqualTo("QUIT\r\n"));
            assertThat(swept.stats().idle()).isZero();
            assertThat(swept.stats().evictions()).isEqualTo(2);
        }
    }

    @Test
    void emptyCacheAsksToBeSweptAgainAfterOneTimeout() {
        assertThat(cache.evictExpired(T0)).isEqualTo(IDLE);
    }
}
