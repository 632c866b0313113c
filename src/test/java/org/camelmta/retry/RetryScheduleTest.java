package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.camelmta.config.Durations;
import org.junit.jupiter.api.Test;

/** Whole schedules expanded attempt by attempt and compared with Exim's worked results. */
class RetryScheduleTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final String KEY = "T:mx.example.com:192.0.2.1";
    private static final RetryError HOST_REFUSED = new RetryError(RetryError.Kind.REFUSED, HintScope.HOST, true, false,
            0, false, null, "connection refused");

    private final RetrySchedule schedule = new RetrySchedule(RetrySettings.defaults());

    /** Attempt times (offsets from the first failure) until the one whose failure timed out. */
    private record Expansion(List<Duration> attempts, RetryRecord last) {
        List<String> written() {
            return attempts.stream().map(Durations::format).toList();
        }
    }

    private Expansion expand(RetrySchedule s, RetryRule rule, RandomGenerator random) {
        List<Duration> attempts = new ArrayList<>();
        RetryRecord record = null;
        Instant now = START;
        for (int i = 0; i < 200; i++) {
            attempts.add(Duration.between(START, now));
            RetrySchedule.Update update = s.afterFailure(KEY, record, rule, HOST_REFUSED, now, null, random);
            record = update.record();
            if (update.timedOut()) {
                return new Expansion(attempts, record);
            }
            now = record.nextTry();
        }
        throw new AssertionError("schedule did not time out within 200 attempts: " + attempts);
    }

    private static RetryRule rule(String line) {
        return RetryRules.parse(line).rules().get(0);
    }

    @Test
    void fixedThenGeometricThenFixedExpandsExactlyAsExim() {
        Expansion e = expand(schedule, rule("* * F,2h,15m; G,16h,1h,1.5; F,5d,8h"), new SplittableRandom(1));

        assertThat(e.written()).containsExactly(
                // F,2h,15m: every 15 minutes while at most 2h have passed (2h itself included)
                "0s", "15m", "30m", "45m", "1h", "1h15m", "1h30m", "1h45m", "2h",
                // G,16h,1h,1.5: the last gap (15m) is below 1h, so 1h; then ×1.5 in whole seconds
                "2h15m", "3h15m", "4h45m", "7h", "10h22m30s", "15h26m15s", "23h1m52s",
                // F,5d,8h: every 8 hours up to 5 days (120h)
                "1d7h1m52s", "1d15h1m52s", "1d23h1m52s", "2d7h1m52s", "2d15h1m52s", "2d23h1m52s",
                "3d7h1m52s", "3d15h1m52s", "3d23h1m52s", "4d7h1m52s", "4d15h1m52s", "4d23h1m52s",
                // 127h1m52s is past 120h: this failure expires the record and bounces the address
                "5d7h1m52s");
        assertThat(e.last().expired()).isTrue();
        assertThat(Duration.between(e.last().lastTry(), e.last().nextTry())).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void geometricDoublingIsCappedByRetryIntervalMax() {
        Expansion e = expand(schedule, rule("wonderland.fict.example * F,1h,15m; G,2d,1h,2;"), new SplittableRandom(1));

        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < e.attempts().size(); i++) {
            gaps.add(e.attempts().get(i).minus(e.attempts().get(i - 1)));
        }
        assertThat(gaps.stream().map(Durations::format).toList()).containsExactly(
                "15m", "15m", "15m", "15m", "15m", "1h", "2h", "4h", "8h", "16h", "1d");
        assertThat(Durations.format(e.attempts().get(e.attempts().size() - 1))).isEqualTo("2d8h15m");
        assertThat(e.last().expired()).isTrue();
    }

    @Test
    void shippedDefaultRulesGiveUpAfterFourDays() {
        Expansion e = expand(schedule, RetryRules.defaults().rules().get(0), new SplittableRandom(1));

        assertThat(e.written()).startsWith("0s", "15m", "30m", "45m", "1h", "1h15m", "1h30m", "1h45m", "2h",
                "2h15m", "3h15m", "4h45m", "7h", "10h22m30s", "15h26m15s", "23h1m52s", "1d5h1m52s");
        assertThat(e.written()).endsWith("3d23h1m52s", "4d5h1m52s");
        assertThat(e.last().expired()).isTrue();
    }

    @Test
    void smallerIntervalMaxCapsEveryGap() {
        RetrySchedule capped = new RetrySchedule(
                new RetrySettings(Duration.ofHours(2), Duration.ofDays(7), true, true));
        Expansion e = expand(capped, rule("* * G,1d,1h,3"), new SplittableRandom(1));

        assertThat(e.written()).startsWith("0s", "1h", "3h", "5h", "7h");
        for (int i = 1; i < e.attempts().size(); i++) {
            assertThat(e.attempts().get(i).minus(e.attempts().get(i - 1))).isLessThanOrEqualTo(Duration.ofHours(2));
        }
    }

    @Test
    void geometricGrowsFromTheSmallerOfPlannedAndActualGap() {
        RetryRule g = rule("* * G,1d,10m,2");
        RetryRecord planned1h = new RetryRecord(KEY, START, START, START.plus(Duration.ofHours(1)), false, "other", "");

        Instant late = START.plus(Duration.ofHours(3));
        RetryRecord afterLate = schedule.afterFailure(KEY, planned1h, g, late, new SplittableRandom(1));
        assertThat(Duration.between(late, afterLate.nextTry())).isEqualTo(Duration.ofHours(2));

        Instant early = START.plus(Duration.ofMinutes(30));
        RetryRecord afterEarly = schedule.afterFailure(KEY, planned1h, g, early, new SplittableRandom(1));
        assertThat(Duration.between(early, afterEarly.nextTry())).isEqualTo(Duration.ofHours(1));
        assertThat(afterEarly.firstFailed()).isEqualTo(START);
    }

    @Test
    void randomizedGeometricStaysInTheUpperHalfOfItsRange() {
        RetryRule h = rule("* * H,30d,1h,2");
        RetryRecord planned4h = new RetryRecord(KEY, START, START, START.plus(Duration.ofHours(4)), false, "other", "");
        Instant now = START.plus(Duration.ofHours(4));
        long geometric = Duration.ofHours(8).getSeconds();
        long midpoint = (Duration.ofHours(1).getSeconds() + geometric) / 2;

        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 500; seed++) {
            RetryRecord r = schedule.afterFailure(KEY, planned4h, h, now, new SplittableRandom(seed));
            long gap = r.nextTry().getEpochSecond() - now.getEpochSecond();
            assertThat(gap).as("seed %d", seed).isBetween(midpoint, geometric - 1);
            seen.add(gap);
        }
        assertThat(seen).as("different seeds give different gaps").hasSizeGreaterThan(400);
        long spread = seen.stream().mapToLong(Long::longValue).max().orElseThrow()
                - seen.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(spread).as("the whole upper half is used").isGreaterThan((geometric - midpoint) * 9 / 10);
    }

    @Test
    void randomizedGeometricBelowItsMinimumWaitsExactlyTheMinimum() {
        RetryRule h = rule("* * F,1h,15m; H,1d,1h,2");
        RetryRecord planned15m = new RetryRecord(KEY, START, START.plus(Duration.ofMinutes(60)),
                START.plus(Duration.ofMinutes(75)), false, "other", "");
        Instant now = START.plus(Duration.ofMinutes(75));
        for (long seed = 0; seed < 50; seed++) {
            RetryRecord r = schedule.afterFailure(KEY, planned15m, h, now, new SplittableRandom(seed));
            assertThat(Duration.between(now, r.nextTry())).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void recordOlderThanDataExpireCountsAsAFirstFailure() {
        RetryRule rule = rule("* * F,2h,15m; G,16h,1h,1.5; F,4d,6h");
        Instant now = START.plus(Duration.ofDays(8));
        RetryRecord old = new RetryRecord(KEY, START, START, START.plus(Duration.ofHours(6)), false, "other", "");

        RetryRecord r = schedule.afterFailure(KEY, old, rule, now, new SplittableRandom(1));

        assertThat(r.firstFailed()).isEqualTo(now);
        assertThat(Duration.between(now, r.nextTry())).isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.isStale(old, now)).isTrue();
        assertThat(schedule.isStale(old, START.plus(Duration.ofDays(7)))).isFalse();
    }

    @Test
    void ruleWithoutAlgorithmsTimesOutAtOnce() {
        RetrySchedule.Update u = schedule.afterFailure(KEY, null, rule("wonderland.fict.example quota_5d"),
                HOST_REFUSED, START, null, new SplittableRandom(1));
        assertThat(u.timedOut()).isTrue();
        assertThat(u.record().expired()).isTrue();
        assertThat(u.record().nextTry()).isEqualTo(START);
    }

    @Test
    void messageOlderThanTheLastCutoffTimesOutOnANewHostRecord() {
        Instant received = START.minus(Duration.ofDays(5));
        RetrySchedule.Update u = schedule.afterFailure(KEY, null, RetryRules.defaults().rules().get(0), HOST_REFUSED,
                START, received, new SplittableRandom(1));
        assertThat(u.timedOut()).isTrue();
        assertThat(u.record().expired()).as("the host itself has only just begun failing").isFalse();
        assertThat(u.record().nextTry()).as("the next message may try at once").isEqualTo(START);
    }

    @Test
    void addressErrorCountsTheMessageAgeAsTimeFailing() {
        RetryError rcpt451 = new RetryError(RetryError.Kind.RCPT_4XX, HintScope.ADDRESS, true, false, 451, false,
                null, "451 4.2.1 later");
        RetrySchedule.Update u = schedule.afterFailure("R:a@example.com:<s@example.org>", null,
                RetryRules.defaults().rules().get(0), rcpt451, START, START.minus(Duration.ofHours(3)),
                new SplittableRandom(1));
        assertThat(Duration.between(START, u.record().nextTry())).as("G,16h,1h,1.5 applies, not F,2h,15m")
                .isEqualTo(Duration.ofHours(1));
        assertThat(u.record().error()).isEqualTo("rcpt_451");
        assertThat(u.record().text()).isEqualTo("451 4.2.1 later");
    }

    @Test
    void timesAreWholeSeconds() {
        Instant now = START.plusMillis(1_999);
        RetryRecord r = schedule.afterFailure(KEY, null, rule("* * F,1h,15m"), now, new SplittableRandom(1));
        assertThat(r.lastTry()).isEqualTo(START.plusSeconds(1));
        assertThat(r.nextTry()).isEqualTo(START.plusSeconds(1 + 900));
    }
}
