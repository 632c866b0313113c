package org.camelmta.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.submit.HeaderSection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sink}: an SMTP server that accepts everything and prints (or just counts) what it
 * gets — the operator's {@code smtp-sink}, for trying the engine out and for benchmarks.
 * Recipients named like {@code 550-anything@...} get that reply (see docs/operations.md).
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
         description = "Run an SMTP sink that prints or counts the mail it receives.")
public class SmtpSinkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--listen"}, paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:2525",
            description = "Where to listen (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = {"-q", "--quiet"}, description = "Do not print each message; print a count every second.")
    boolean quiet;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Exit after N messages.")
    Long count;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "Exit after this long (e.g. 10m).")
    String maxTime;

    @Option(names = "--save", paramLabel = "DIR", description = "Save each message as DIR/<n>.eml.")
    Path saveDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InetAddress address;
        int port;
        try {
            int colon = listen.lastIndexOf(':');
            address = InetAddress.getByName(listen.substring(0, colon).replace("[", "").replace("]", ""));
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (RuntimeException | UnknownHostException e) {
            err.println("sink: bad --listen '" + listen + "' (write ADDRESS:PORT, e.g. 127.0.0.1:2525)");
            return ExitCodes.USAGE;
        }
        if (saveDir != null) {
            Files.createDirectories(saveDir);
        }
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        SmtpSink sink;
        try {
            sink = SmtpSink.builder().bind(address).port(port).hostname("sink.camel-mta.invalid")
                    .retainMessages(false).idleTimeout(Duration.ofMinutes(5))
                    .onMessage(tx -> {
                        // One at a time, so the numbers, the lines and the final count agree.
                        synchronized (received) {
                            long n = received.incrementAndGet();
                            if (!quiet) {
                                print(out, n, tx);
                            }
                            save(err, n, tx);
                            if (count != null && n >= count) {
                                done.countDown();
                            }
                        }
                    })
                    .start();
        } catch (java.io.IOException e) {
            err.println("sink: cannot listen on " + listen + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        try (sink) {
            out.println("sink listening on " + sink.address().getHostAddress() + ":" + sink.port());
            out.flush();
            Duration limit = maxTime == null ? null : org.camelmta.config.Durations.parse(maxTime);
            Instant deadline = limit == null ? null : Instant.now().plus(limit);
            long shown = -1;
            while (!done.await(1, TimeUnit.SECONDS)) {
                if (quiet && received.get() != shown) {
                    shown = received.get();
                    out.println("received " + shown);
                    out.flush();
                }
                if (deadline != null && Instant.now().isAfter(deadline)) {
                    break;
                }
            }
            out.println("received " + received.get() + " messages");
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, long n, SinkTransaction tx) {
        String subject = HeaderSection.of(tx.content()).first("Subject");
        out.printf("%d from=<%s> to=<%s> size=%d%s%n", n, tx.mailFrom(), String.join(">,<", tx.recipientAddresses()),
                tx.size(), subject == null ? "" : " subject=\"" + subject.replace("\"", "'") + "\"");
        out.flush();
    }

    private void save(PrintWriter err, long n, SinkTransaction tx) {
        if (saveDir == null) {
            return;
        }
        try {
            Files.write(saveDir.resolve(n + ".eml"), tx.content());
        } catch (java.io.IOException e) {
            err.println("sink: cannot save message " + n + ": " + e.getMessage());
        }
    }
}
