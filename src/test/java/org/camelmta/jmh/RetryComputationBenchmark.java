package org.camelmta.jmh;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.camelmta.retry.RetryError;
import org.camelmta.retry.RetryRecord;
import org.camelmta.retry.RetryRule;
import org.camelmta.retry.RetryRules;
import org.camelmta.retry.RetrySchedule;
import org.camelmta.retry.RetrySettings;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.ReversePath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** JMH: finding the retry rule for an error and computing the next retry time. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RetryComputationBenchmark {

    private final RetryRules rules = RetryRules.parse("""
            alice@wonderland.fict.example quota_5d F,7d,3h
            wonderland.fict.example quota_5d
            wonderland.fict.example * F,1h,15m; G,2d,1h,2;
            lookingglass.fict.example * F,24h,30m;
            * refused_A F,2h,20m;
            * * F,2h,15m; G,16h,1h,1.5; F,5d,8h
            """);
    private final RetrySchedule schedule = new RetrySchedule(RetrySettings.defaults());
    private final RetryError error = RetryError.classify(Phase.RCPT, Cause.REPLY,
            SmtpReply.of(451, java.util.List.of("4.3.0 try later")), null);
    private final SplittableRandom random = new SplittableRandom(1);
    private final Instant start = Instant.parse("2026-11-23T00:00:00Z");
    private RetryRecord record;

    @Benchmark
    public RetryRule findRule() {
        return rules.find("mx.example.com", "example.com", error, ReversePath.NULL).orElseThrow();
    }

    @Benchmark
    public RetryRecord nextRetry() {
        RetryRule rule = rules.find("mx.example.com", "example.com", error, ReversePath.NULL).orElseThrow();
        Instant now = record == null ? start : record.nextTry();
        record = schedule.afterFailure("T:mx.example.com:192.0.2.1", record, rule, now, random);
        if (record.expired()) {
            record = null;
        }
        return record;
    }
}
