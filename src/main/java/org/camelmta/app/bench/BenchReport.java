package org.camelmta.app.bench;

import java.io.PrintWriter;

/**
 * The figures of one run.
 *
 * @param journal       the broker journal the run wrote ({@code ASYNCIO} or {@code NIO}), or {@code external}
 *                      when the engine used a broker of its own ({@code mta.broker.url})
 * @param prefilled     whether the messages were all queued first and then drained ({@code --prefill})
 * @param transactedSubmissions whether each submission was a committed transaction of its own
 *                      (the default) or a plain persistent send ({@code --no-transactions})
 * @param sinkRoundTripMillis how long the bench's sinks held each batch of replies ({@code --sink-rtt})
 * @param submitRate    submissions per second while submitting
 * @param deliveryRate  messages per second from the first submission to the last 250; when
 *                      prefilled, from the start of the drain to the last 250
 * @param p50Millis     median submit-to-250 latency
 * @param connections   SMTP connections the sinks accepted (0 when the sinks are external: they count their own)
 * @param peakHeapMb    the largest heap in use seen during the run
 * @param cpuSeconds    process CPU time used by the run
 */
public record BenchReport(String journal, boolean prefilled, boolean transactedSubmissions, double sinkRoundTripMillis, int messages, int delivered, int duplicates, double seconds, double submitRate,
                          double deliveryRate, double p50Millis, double p95Millis, double p99Millis, long connections,
                          double messagesPerConnection, long peakHeapMb, double cpuSeconds, boolean complete) {

    void print(PrintWriter out) {
        out.printf("messages      %d submitted, %d delivered%s%s%n", messages, delivered,
                duplicates > 0 ? ", " + duplicates + " duplicates" : "", complete ? "" : " (INCOMPLETE: time ran out)");
        out.printf("throughput    %.0f msgs/s submitted, %.0f msgs/s delivered (%s%s, %.1f s)%n", submitRate,
                deliveryRate, prefilled ? "draining the prefilled queue" : "end to end",
                sinkRoundTripMillis > 0 ? String.format(", sinks %.0f ms away", sinkRoundTripMillis) : "", seconds);
        out.printf("latency       p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (submit %s to 250 at the sink%s)%n", p50Millis,
                p95Millis, p99Millis, transactedSubmissions ? "commit" : "send", prefilled ? ", time queued before the drain included" : "");
        if (connections > 0) {
            out.printf("connections   %d opened, %.1f messages per connection%n", connections, messagesPerConnection);
        } else {
            out.println("connections   not counted (external sinks count their own)");
        }
        out.printf("resources     peak heap %d MB, CPU %.1f s (%.0f%% of one core), %s broker journal%n", peakHeapMb,
                cpuSeconds, seconds == 0 ? 0 : 100 * cpuSeconds / seconds, journal);
        out.flush();
    }
}
