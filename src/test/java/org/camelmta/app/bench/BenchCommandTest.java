package org.camelmta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camelmta.cli.ExitCodes;
import org.camelmta.support.Cli;
import org.camelmta.support.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bench} command as an operator runs it: its own engine, DNS and sinks (or sinks
 * already listening), a bounded number of messages, and figures that match what was delivered.
 */
class BenchCommandTest {

    @TempDir
    Path data;

    @Test
    void measuresEveryMessageItSubmitsThroughMxAndReusedConnections() throws Exception {
        Run run = bench("--messages", "300", "--warmup", "0", "--domains", "3", "--sinks", "3", "--producers", "2",
                "--size", "2k", "--max-time", "2m", "--json", "--data-dir", data.toString());

        assertThat(run.exit).isZero();
        JsonNode r = run.json;
        assertThat(r.get("messages").asInt()).isEqualTo(300);
        assertThat(r.get("delivered").asInt()).isEqualTo(300);
        assertThat(r.get("duplicates").asInt()).isZero();
        assertThat(r.get("complete").asBoolean()).isTrue();
        assertThat(r.get("deliveryRate").asDouble()).isPositive();
        assertThat(r.get("p50Millis").asDouble()).isPositive();
        assertThat(r.get("p99Millis").asDouble()).isGreaterThanOrEqualTo(r.get("p50Millis").asDouble());
        // 300 messages for 3 destinations: the connection cache must carry many per connection
        assertThat(r.get("connections").asInt()).isBetween(3, 60);
        assertThat(r.get("messagesPerConnection").asDouble()).isGreaterThan(5);
        assertThat(r.get("peakHeapMb").asInt()).isPositive();
        assertThat(r.get("cpuSeconds").asDouble()).isPositive();
        // the report says which journal the figures were measured on: they differ by a few percent
        assertThat(r.get("journal").asText()).isIn("ASYNCIO", "NIO");
        assertThat(r.get("transactedSubmissions").asBoolean()).isTrue();
        assertThat(run.err).contains("delivered 300/300");
    }

    @Test
    void drainsAQueueFilledBeforeDeliveryStarts() throws Exception {
        Run run = bench("--messages", "400", "--warmup", "0", "--domains", "4", "--sinks", "2", "--producers", "2",
                "--prefill", "--max-time", "2m", "--json", "--data-dir", data.toString());

        assertThat(run.exit).isZero();
        assertThat(run.json.get("prefilled").asBoolean()).isTrue();
        assertThat(run.json.get("delivered").asInt()).isEqualTo(400);
        assertThat(run.json.get("duplicates").asInt()).isZero();
        // nothing reached a sink while the queue was being filled: the drain is all that was timed
        assertThat(run.err).contains("400 messages queued, 0 delivered so far; draining").contains("delivered 400/400");
        assertThat(run.json.get("deliveryRate").asDouble()).isPositive();
    }

    /**
     * Submissions without a transaction, as Camel's jms producer makes them by default, are
     * measured the same way, and the report says how the messages were submitted.
     */
    @Test
    void measuresPlainPersistentSendsAsWellAsTransactions() throws Exception {
        Run plain = bench("--messages", "200", "--warmup", "0", "--domains", "2", "--sinks", "2", "--producers", "2",
                "--no-transactions", "--prefill", "--max-time", "2m", "--json", "--data-dir", data.toString());

        assertThat(plain.exit).isZero();
        assertThat(plain.json.get("transactedSubmissions").asBoolean()).isFalse();
        assertThat(plain.json.get("delivered").asInt()).isEqualTo(200);
        assertThat(plain.json.get("duplicates").asInt()).isZero();
        assertThat(plain.err).contains("200 messages queued, 0 delivered so far; draining");
    }

    @Test
    void deliversToExternalSinksByStaticRoutes() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(2)) {
            Run run = bench("--messages", "120", "--warmup", "0", "--domains", "4", "--sinks", "2",
                    "--external-sinks", String.valueOf(sinks.port()), "--static-routes", "--max-time", "2m",
                    "--no-progress", "--json", "--data-dir", data.toString());

            assertThat(run.exit).isZero();
            assertThat(run.json.get("delivered").asInt()).isEqualTo(120);
            assertThat(sinks.totalMessages()).isEqualTo(120);
            assertThat(sinks.get(0).messageCount()).isPositive();
            assertThat(sinks.get(1).messageCount()).isPositive();
        }
    }

    /**
     * Sinks that answer 50 ms late stand for servers across a network: no message reaches a sink
     * before the round trip that answers its DATA with 354, so none is delivered sooner than
     * 50 ms after it was submitted.
     */
    @Test
    void sinksHeldAtARoundTripMakeEveryMessageWaitForItsRoundTrips() throws Exception {
        Run run = bench("--messages", "60", "--warmup", "0", "--domains", "2", "--sinks", "2", "--producers", "1",
                "--sink-rtt", "50ms", "--max-time", "2m", "--no-progress", "--json", "--data-dir", data.toString());

        assertThat(run.exit).isZero();
        assertThat(run.json.get("delivered").asInt()).isEqualTo(60);
        assertThat(run.json.get("sinkRoundTripMillis").asDouble()).isEqualTo(50.0);
        assertThat(run.json.get("p50Millis").asDouble()).isGreaterThanOrEqualTo(50.0);
    }

    @Test
    void aRoundTripForSinksItDoesNotRunIsAUsageError() {
        Cli.Result run = Cli.run("bench", "--external-sinks", "2525", "--sink-rtt", "20ms", "--json");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--sink-rtt applies to the bench's own sinks");
    }

    /** A million-message run leaves 5 GB of journal and paging: only a --data-dir given is kept. */
    @Test
    void removesTheDataDirectoryItMadeAndKeepsOneItWasGiven() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = benchDirectories(tmp);

        Run own = bench("--messages", "50", "--warmup", "0", "--domains", "1", "--sinks", "1", "--producers", "1",
                "--max-time", "1m", "--json");
        assertThat(own.exit).isZero();
        assertThat(own.json.get("delivered").asInt()).isEqualTo(50);
        assertThat(benchDirectories(tmp)).as("camel-mta-bench* directories in %s", tmp).isSubsetOf(before);

        Run given = bench("--messages", "50", "--warmup", "0", "--domains", "1", "--sinks", "1", "--producers", "1",
                "--max-time", "1m", "--json", "--data-dir", data.toString());
        assertThat(given.exit).isZero();
        assertThat(data.resolve("broker").resolve("journal")).isDirectory();
        assertThat(data.resolve("log").resolve("delivery.jsonl")).isNotEmptyFile();
    }

    /**
     * Ctrl-C (SIGTERM here) in the middle of a long run stops it at once, engine and all, and
     * leaves no data directory behind: a run of a million leaves gigabytes.
     */
    @Test
    void aSignalStopsALongRunAndRemovesItsDataDirectory() throws Exception {
        Path tmp = data.resolve("tmp");
        Files.createDirectories(tmp);
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "org.camelmta.app.CamelMta", "bench", "--messages", "1000000", "--warmup", "0", "--domains", "2",
                "--sinks", "2", "--producers", "2", "--max-time", "3m")
                .redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (java.io.Reader in = new java.io.InputStreamReader(bench.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buf = new char[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.append(buf, 0, n);
                }
            } catch (java.io.IOException e) {
                // the process is gone
            }
        }, "bench-output");
        reader.start();
        try {
            // the progress line (rewritten with CRs) shows the run under way
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!UNDER_WAY.matcher(out).find() && bench.isAlive() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(out.toString()).as("bench output").containsPattern(UNDER_WAY);
            assertThat(benchDirectories(tmp)).hasSize(1);

            // SIGTERM, through the handle: Process.destroy() would also close the pipe the rest of its output comes by
            bench.toHandle().destroy();

            assertThat(bench.waitFor(40, TimeUnit.SECONDS)).as("bench exited").isTrue();
            reader.join(5_000);
            assertThat(out.toString()).contains("bench: stopped before the end; no figures");
            assertThat(benchDirectories(tmp)).isEmpty();
        } finally {
            bench.destroyForcibly();
        }
    }

    private static final Pattern UNDER_WAY = Pattern.compile("delivered [1-9][0-9]*/1000000");

    private static Set<Path> benchDirectories(Path tmp) throws Exception {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("camel-mta-bench")).collect(Collectors.toSet());
        }
    }

    private record Run(int exit, JsonNode json, String err) {
    }

    private static Run bench(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli.Result run = Cli.run(all);
        JsonNode json = new ObjectMapper().readTree(run.out().substring(run.out().indexOf('{')));
        return new Run(run.exit(), json, run.err());
    }
}
