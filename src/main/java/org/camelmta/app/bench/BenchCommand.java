package org.camelmta.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.util.FileUtil;
import org.camelmta.cli.ExitCodes;
import org.camelmta.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measures the engine end to end on this machine: JMS submission, persistent
 * queues, MX lookups on a loopback DNS server, SMTP to loopback sinks. Bounded in messages and
 * in time; stops by itself. docs/benchmarks.md has the method and the figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
         description = "Measure end-to-end throughput and latency on loopback (sinks, DNS and engine in this JVM).")
public class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--messages"}, defaultValue = "20000", description = "Messages to submit (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--domains", defaultValue = "20", description = "Recipient domains, each with an MX record (default ${DEFAULT-VALUE}).")
    int domains;

    @Option(names = "--sinks", defaultValue = "20", description = "Loopback SMTP sinks, 127.0.0.2 onwards (default ${DEFAULT-VALUE}).")
    int sinks;

    @Option(names = "--size", defaultValue = "5k", description = "Message size, e.g. 5k (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--recipients", defaultValue = "1", description = "Recipients per message (default ${DEFAULT-VALUE}).")
    int recipients;

    @Option(names = {"-p", "--producers"}, defaultValue = "8", description = "Submitting threads (default ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--rate", defaultValue = "0", description = "Submissions per second in all; 0 = as fast as possible.")
    int rate;

    @Option(names = "--warmup", defaultValue = "100000",
            description = "Messages sent before measuring, so the JIT has compiled the engine (default ${DEFAULT-VALUE}: on 2 cores the JIT compilers still take a fifth to a third of the CPU after 20,000 and settle after about 100,000; 0 for none).")
    int warmup;

    @Option(names = "--max-time", defaultValue = "5m", description = "Stop after this long whatever is left (default ${DEFAULT-VALUE}).")
    String maxTime;

    @Option(names = "--external-sinks", paramLabel = "PORT",
            description = "Do not start sinks: deliver to SMTP sinks already listening on 127.0.0.2 onwards at PORT"
                    + " (e.g. Postfix's smtp-sink); delivery is then counted from the engine's events.")
    Integer externalSinkPort;

    @Option(names = "--sink-rtt", defaultValue = "0s", paramLabel = "DURATION",
            description = "The bench's sinks hold each batch of replies this long, like servers that far away"
                    + " (e.g. 20ms; default none: loopback speed).")
    String sinkRoundTrip;

    @Option(names = "--prefill", description = "Queue all measured messages first (submit route stopped), then time draining them.")
    boolean prefill;

    @Option(names = "--no-transactions",
            description = "Submit each message with a plain persistent send, which the broker answers once the message is on disk,"
                    + " instead of in a committed transaction of its own (Camel's jms producer sends the first way by default)."
                    + " A backlog of transacted submissions costs the broker about 150 bytes of heap per message queued.")
    boolean noTransactions;

    @Option(names = "--static-routes", description = "Route the test domains statically instead of through MX records.")
    boolean staticRoutes;

    @Option(names = "--data-dir", description = "Where the engine keeps its data, kept after the run (default: a new temporary directory, removed after the run).")
    Path dataDir;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "An engine setting, e.g. -D mta.delivery.consumers=32")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--no-progress", description = "No live progress line.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchOptions options;
        BenchRun.Target target;
        try {
            options = new BenchOptions(messages, domains, sinks, parseSize(size), recipients, producers, rate,
                    Durations.parse(maxTime));
            target = new BenchRun.Target(externalSinkPort, staticRoutes, Durations.parse(sinkRoundTrip));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("camel-mta-bench");
        BenchReport report;
        BenchRun run = new BenchRun(options, dir, settings)
                .target(target)
                .prefill(prefill)
                .transactedSubmissions(!noTransactions);
        StopOnSignal stop = new StopOnSignal(run);
        try {
            report = run.run(noProgress ? null : spec.commandLine().getErr(), warmup);
        } catch (BenchRun.Stopped e) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%nbench: stopped before the end; no figures%n");
            err.flush();
            return ExitCodes.TEMPFAIL;
        } finally {
            if (dataDir == null) {
                // a run leaves its journal and paging behind: 100 MB at the default mix, 5 GB for a million
                FileUtil.removeDir(dir.toFile());
            }
            stop.done();
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            report.print(out);
        }
        return report.complete() ? ExitCodes.OK : ExitCodes.TEMPFAIL;
    }

    /**
     * Ctrl-C or SIGTERM during a run: stop the run, so that it stops the engine and removes its
     * data directory (gigabytes after a long run), and hold the JVM's exit until it has.
     */
    private static final class StopOnSignal {

        /** Camel's shutdown timeout (30 s) and a margin: the engine's stop on loopback takes far less. */
        private static final long WAIT_SECONDS = 45;

        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook;

        StopOnSignal(BenchRun run) {
            hook = new Thread(() -> {
                run.stop();
                try {
                    finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void done() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook is running and has just been released
            }
        }
    }

    static int parseSize(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        int factor = t.endsWith("k") ? 1024 : t.endsWith("m") ? 1024 * 1024 : 1;
        return Integer.parseInt(factor == 1 ? t : t.substring(0, t.length() - 1)) * factor;
    }
}
