package org.camelmta.app.bench;

import com.sun.management.OperatingSystemMXBean;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.camelmta.app.MtaApplication;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.ZoneDnsServer;

/**
 * One benchmark run, all on loopback and all bounded: SMTP sinks on 127.0.0.2 onwards, a DNS
 * server with an MX record per test domain, the engine (in this JVM, persistent as always), and
 * producer threads submitting over JMS. Latency is measured from a submission's commit to the
 * sink's 250 for it; the message is known at the sink by its first recipient, {@code m<seq>-0@}.
 */
final class BenchRun {

    /** The engine's submit route (routes/submit.yaml): stopped while a prefilled run fills its queue. */
    private static final String SUBMIT_ROUTE = "mta-submit";

    private final BenchOptions options;
    private final Path dataDir;
    private final Map<String, String> settings;
    private org.camelmta.retry.DeferredQueue depths;
    private volatile org.camelmta.security.BrokerUsers users;
    private final AtomicReference<LatencyRecorder> current = new AtomicReference<>();

    /**
     * Where mail goes: sinks of our own (answering after {@code sinkRoundTrip}, as distant servers
     * would), or external ones (Postfix's smtp-sink) on 127.0.0.2 onwards.
     */
    record Target(Integer externalSinkPort, boolean staticRoutes, Duration sinkRoundTrip) {
        Target {
            if (externalSinkPort != null && !sinkRoundTrip.isZero()) {
                throw new IllegalArgumentException("bench: --sink-rtt applies to the bench's own sinks, not --external-sinks");
            }
        }
    }

    private Target target = new Target(null, false, Duration.ZERO);
    private boolean prefill;
    private boolean transacted = true;
    private volatile boolean stopped;
    private CamelContext engineContext;
    private String journal = "external";

    /** Thrown out of {@link #run} when it was {@link #stop() stopped} before the end. */
    static final class Stopped extends Exception {
        Stopped() {
            super("stopped before the end", null, false, false);
        }
    }

    BenchRun(BenchOptions options, Path dataDir, Map<String, String> settings) {
        this.options = options;
        this.dataDir = dataDir;
        this.settings = settings;
    }

    BenchRun target(Target t) {
        this.target = t;
        return this;
    }

    /**
     * Measure draining a full queue instead of delivering while submitting: the measured
     * messages are all submitted (and committed) with the submit route stopped, then the route is
     * started and the clock runs from there to the last 250. Postfix's figure for a pre-filled
     * queue is measured the same way.
     */
    BenchRun prefill(boolean on) {
        this.prefill = on;
        return this;
    }

    /**
     * Whether each submission is a committed transaction of its own (the default) or a plain
     * persistent send. Both are on disk before the producer goes on; they differ in what the
     * broker keeps while the message waits in a paged backlog: Artemis remembers every
     * transaction that wrote to a page (a PageTransactionInfo and its journal record, about 150
     * bytes of heap) until all its messages are consumed, and a plain send leaves nothing behind.
     */
    BenchRun transactedSubmissions(boolean on) {
        this.transacted = on;
        return this;
    }

    /**
     * Ends the run early (Ctrl-C): it stops submitting and waiting, and {@link #run} throws
     * {@link Stopped} once the engine is stopped. A flag rather than an interrupt, which a broker
     * call in progress may swallow.
     */
    void stop() {
        stopped = true;
    }

    BenchReport run(PrintWriter progress, int warmup) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder(options.messages());
        LatencyRecorder warmupRecorder = new LatencyRecorder(Math.max(1, warmup));
        current.set(warmupRecorder);
        List<SmtpSink> sinks = target.externalSinkPort() == null ? startSinks() : List.of();
        int port = target.externalSinkPort() != null ? target.externalSinkPort() : sinks.get(0).port();
        try (ZoneDnsServer dns = startDns(); AutoCloseable sinksClosed = () -> sinks.forEach(SmtpSink::close)) {
            Map<String, String> engineSettings = new LinkedHashMap<>();
            engineSettings.put("mta.data-dir", dataDir.toString());
            engineSettings.put("mta.broker.port", "0");
            engineSettings.put("mta.routes-reload", "false");
            engineSettings.put("mta.hostname", "bench.camel-mta.invalid");
            engineSettings.put("mta.dns.servers", dns.hostPort());
            // The loopback DNS server points every MX at 127.0.0.x, refused by default.
            engineSettings.put("mta.outbound.allowed-networks", "127.0.0.0/8");
            engineSettings.put("mta.smtp.port", Integer.toString(port));
            engineSettings.put("mta.metrics.port", "0");
            if (target.staticRoutes()) {
                for (int d = 0; d < options.domains(); d++) {
                    engineSettings.put("mta.routes.bench-" + d + ".example", "[127.0.0." + (2 + d % options.sinks()) + "]:" + port);
                }
            }
            engineSettings.putAll(settings);
            try (MtaApplication engine = new MtaApplication(engineSettings).start();
                 AutoCloseable events = target.externalSinkPort() == null ? () -> { } : followEvents(engine.runtime())) {
                users = engine.runtime().broker() == null ? null : engine.runtime().broker().users();
                depths = engine.runtime().releaser().queue();
                engineContext = engine.context();
                if (engine.runtime().broker() != null) {
                    journal = engine.runtime().broker().journalType().name();
                }
                if (warmup > 0) {
                    // The JIT needs a while to compile the engine's paths; measure what follows.
                    if (progress != null) {
                        progress.println("warming up with " + warmup + " messages");
                    }
                    measure(withMessages(warmup), engine.runtime().brokerUrl(), warmupRecorder, sinks, progress, 'w');
                }
                current.set(recorder);
                return measure(options, engine.runtime().brokerUrl(), recorder, sinks, progress, 'm');
            }
        }
    }

    private BenchOptions withMessages(int n) {
        return new BenchOptions(n, options.domains(), options.sinks(), options.size(), options.recipients(),
                options.producers(), options.rate(), options.maxTime());
    }

    private BenchReport measure(BenchOptions options, String brokerUrl, LatencyRecorder recorder, List<SmtpSink> sinks,
                                PrintWriter progress, char tag) throws Exception {
        long connectionsBefore = sinks.stream().mapToLong(SmtpSink::connectionCount).sum();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        boolean fillFirst = prefill && tag == 'm';
        if (fillFirst) {
            engineContext.getRouteController().stopRoute(SUBMIT_ROUTE);
        }
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + options.maxTime().toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ExecutorService producers = Executors.newFixedThreadPool(options.producers());
        long[] submitEnd = new long[1];
        try (ActiveMQConnectionFactory cf = factory(brokerUrl, org.camelmta.security.BrokerRole.SUBMITTER)) {
            byte[] body = body(options.size());
            for (int p = 0; p < options.producers(); p++) {
                producers.execute(() -> {
                    try {
                        produce(options, cf, body, next, recorder, start, deadline, tag, transacted);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producers.shutdown();
            long drainStart = start;
            if (fillFirst) {
                while (!stopped && System.nanoTime() < deadline && !producers.awaitTermination(100, TimeUnit.MILLISECONDS)) {
                    // filling the queue; a stop ends the wait
                }
                throwIfStopped();
                submitEnd[0] = System.nanoTime();
                if (progress != null) {
                    progress.println(Math.min(next.get(), options.messages()) + " messages queued, "
                            + recorder.deliveredCount() + " delivered so far; draining");
                }
                cpuStart = os.getProcessCpuTime();
                drainStart = System.nanoTime();
                engineContext.getRouteController().startRoute(SUBMIT_ROUTE);
            }
            ProgressBarLine bar = progress == null ? null : new ProgressBarLine(progress, options.messages());
            long peakHeap = 0;
            while (recorder.deliveredCount() < options.messages() && System.nanoTime() < deadline && failure.get() == null
                    && !stopped) {
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                if (bar != null) {
                    bar.show(Math.min(next.get(), options.messages()), recorder.deliveredCount(), drainStart, backlog());
                }
                Thread.sleep(100);
                if (producers.isTerminated() && submitEnd[0] == 0) {
                    submitEnd[0] = System.nanoTime();
                }
            }
            if (bar != null) {
                bar.show(Math.min(next.get(), options.messages()), recorder.deliveredCount(), drainStart, backlog());
                bar.done();
            }
            throwIfStopped();
            producers.shutdownNow();
            producers.awaitTermination(10, TimeUnit.SECONDS);
            if (failure.get() != null) {
                throw failure.get();
            }
            if (submitEnd[0] == 0) {
                submitEnd[0] = System.nanoTime();
            }
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            long end = Math.max(recorder.lastDelivery(), drainStart + 1);
            int submitted = Math.min(next.get(), options.messages());
            double seconds = (end - drainStart) / 1e9;
            double[] p = recorder.percentiles(50, 95, 99);
            // (with external sinks the connections are not counted here: the sink's own output has them)
            long connections = sinks.stream().mapToLong(SmtpSink::connectionCount).sum() - connectionsBefore;
            return new BenchReport(journal, fillFirst, transacted, target.sinkRoundTrip().toNanos() / 1e6, submitted, recorder.deliveredCount(), recorder.duplicates(), seconds,
                    submitted / Math.max(1e-9, (submitEnd[0] - start) / 1e9), recorder.deliveredCount() / seconds,
                    p[0], p[1], p[2], connections,
                    connections == 0 ? 0 : (double) recorder.deliveredCount() / connections,
                    peakHeap / (1024 * 1024), (os.getProcessCpuTime() - cpuStart) / 1e9,
                    recorder.deliveredCount() == options.messages());
        } finally {
            // however the run ended (a stop on Ctrl-C, a failure): no producer outlives it
            producers.shutdownNow();
        }
    }

    private void throwIfStopped() throws Stopped {
        if (stopped) {
            throw new Stopped();
        }
    }

    /**
     * With sinks that are not ours, a message counts as delivered when its "delivered" event
     * arrives (a few hundred microseconds after the sink's 250).
     */
    private AutoCloseable followEvents(org.camelmta.app.MtaRuntime runtime) throws JMSException {
        users = runtime.broker() == null ? null : runtime.broker().users();
        ActiveMQConnectionFactory cf = factory(runtime.brokerUrl(), org.camelmta.security.BrokerRole.MONITOR);
        Connection connection = cf.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createTopic("mta.events")).setMessageListener(m -> {
            try {
                String json = ((jakarta.jms.TextMessage) m).getText();
                if (json.startsWith("{\"event\":\"delivered\",\"id\":\"B")) {
                    int from = json.indexOf("\"id\":\"B") + 7;
                    char tag = json.charAt(from);
                    int seq = Integer.parseInt(json, from + 1, json.indexOf('"', from), 10);
                    if (tag == 'm' || tag == 'w') {
                        current.get().delivered(seq, System.nanoTime());
                    }
                }
            } catch (JMSException | RuntimeException e) {
                // an event we cannot read is not one of ours
            }
        });
        connection.start();
        return () -> {
            connection.close();
            cf.close();
        };
    }

    /** What waits in the engine's queues now (submit, delivery): where a backlog builds up. */
    private String backlog() {
        try {
            return "queued: submit " + depths.depth("mta.submit") + ", delivery " + depths.depth("mta.delivery");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Submits messages until all are taken; each commit (or, untransacted, each send, which
     * returns once the broker has the message on disk) is stamped as its message's submit time.
     */
    /** A client of the engine's broker, logged in as the generated user of {@code role} (the embedded broker's). */
    private ActiveMQConnectionFactory factory(String brokerUrl, org.camelmta.security.BrokerRole role) {
        try {
            var login = users == null ? java.util.Optional.<org.camelmta.security.BrokerCredentials>empty()
                    : users.credentialsFor(role);
            return login.map(c -> new ActiveMQConnectionFactory(brokerUrl, c.user(), c.password()))
                    .orElseGet(() -> new ActiveMQConnectionFactory(brokerUrl));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void produce(BenchOptions options, ActiveMQConnectionFactory cf, byte[] body, AtomicInteger next,
                                LatencyRecorder recorder, long start, long deadline, char tag, boolean transacted)
            throws JMSException, InterruptedException {
        try (Connection connection = cf.createConnection();
             Session session = transacted ? connection.createSession(true, Session.SESSION_TRANSACTED)
                                          : connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue("mta.submit"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            while (System.nanoTime() < deadline) {
                int seq = next.getAndIncrement();
                if (seq >= options.messages()) {
                    return;
                }
                pace(options, seq, start);
                String domain = "bench-" + (seq % options.domains()) + ".example";
                StringBuilder rcpts = new StringBuilder();
                for (int r = 0; r < options.recipients(); r++) {
                    rcpts.append(r == 0 ? "" : ",").append(tag).append(seq).append('-').append(r).append('@').append(domain);
                }
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(body);
                m.setStringProperty("mtaSender", "bench@camel-mta.invalid");
                m.setStringProperty("mtaRecipients", rcpts.toString());
                m.setStringProperty("mtaId", "B" + tag + seq);
                producer.send(m);
                if (transacted) {
                    session.commit();
                }
                recorder.submitted(seq, System.nanoTime());
            }
        }
    }

    private static void pace(BenchOptions options, int seq, long start) throws InterruptedException {
        if (options.rate() <= 0) {
            return;
        }
        long due = start + (long) (seq * (1e9 / options.rate()));
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private List<SmtpSink> startSinks() throws IOException {
        for (int tries = 0; ; tries++) {
            List<SmtpSink> started = new ArrayList<>();
            try {
                int port = 0;
                for (int i = 0; i < options.sinks(); i++) {
                    // A sink that only counts: it keeps no message, has no size limit, accepts
                    // every recipient a bench sends, and answers 250 whatever the local part says.
                    SmtpSink sink = SmtpSink.builder()
                            .bind(InetAddress.getByName("127.0.0." + (i + 2))).port(port)
                            .roundTrip(target.sinkRoundTrip())
                            .retainMessages(false).maxMessageSize(0).maxRecipients(10_000).keyedRecipients(false)
                            .onMessage(tx -> record(tx, current.get()))
                            .start();
                    port = sink.port();
                    started.add(sink);
                }
                return started;
            } catch (BindException e) {
                started.forEach(SmtpSink::close);
                if (tries > 20) {
                    throw e;
                }
            }
        }
    }

    private static void record(SinkTransaction tx, LatencyRecorder recorder) {
        if (!tx.delivered()) {
            return;
        }
        long now = System.nanoTime();
        for (String rcpt : tx.recipientAddresses()) {
            // m<seq>-0@domain (w... while warming up): the first recipient stands for the message
            int dash = rcpt.indexOf('-');
            if ((rcpt.startsWith("m") || rcpt.startsWith("w")) && dash > 1 && rcpt.startsWith("-0@", dash)) {
                recorder.delivered(Integer.parseInt(rcpt, 1, dash, 10), now);
            }
        }
    }

    private ZoneDnsServer startDns() throws IOException {
        ZoneDnsServer dns = ZoneDnsServer.start();
        for (int d = 0; d < options.domains(); d++) {
            String domain = "bench-" + d + ".example";
            dns.zone(domain, "@ 3600 IN MX 10 mx." + domain + ".\nmx 3600 IN A 127.0.0." + (2 + d % options.sinks()) + "\n");
        }
        return dns;
    }

    /** A message of about {@code size} octets: headers and lines of text, CRLF throughout. */
    static byte[] body(int size) {
        StringBuilder sb = new StringBuilder(size + 100);
        sb.append("From: Bench <bench@camel-mta.invalid>\r\nTo: bench@bench.example\r\nSubject: camel-mta bench\r\n")
                .append("Message-ID: <bench@camel-mta.invalid>\r\nMIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        String line = "The quick brown fox jumps over the lazy dog while the MTA delivers its mail.\r\n";
        while (sb.length() + line.length() <= size) {
            sb.append(line);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The live line: submitted, delivered, rate. */
    private static final class ProgressBarLine {
        private final PrintWriter out;
        private final int total;

        ProgressBarLine(PrintWriter out, int total) {
            this.out = out;
            this.total = total;
        }

        private long lastShown;

        void show(int submitted, int delivered, long start, String backlog) {
            long now = System.nanoTime();
            if (now - lastShown < 500_000_000L && delivered < total) {
                return;
            }
            lastShown = now;
            double s = Math.max(1e-3, (now - start) / 1e9);
            int width = 30;
            int filled = (int) ((long) width * delivered / total);
            out.printf("\r[%s%s] submitted %d, delivered %d/%d  %.0f msgs/s  %s  ", "#".repeat(filled),
                    ".".repeat(width - filled), submitted, delivered, total, delivered / s, backlog);
            out.flush();
        }

        void done() {
            out.println();
            out.flush();
        }
    }

    static Duration parseDuration(String s) {
        return org.camelmta.config.Durations.parse(s);
    }
}
