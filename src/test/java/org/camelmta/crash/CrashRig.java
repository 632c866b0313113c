package org.camelmta.crash;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkContext;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.SinkLedger;

/**
 * What a crash test needs around the engine it kills: one sink that runs in the test JVM for
 * the whole test (so its count spans every engine lifetime), a {@link HoldingProxy} in front of
 * it, a ledger of what the sink accepted per recipient (one recipient per message, so a
 * recipient is a message), switches to refuse recipients (451) or to hold messages after their
 * final dot, and the settings every engine of the test gets.
 *
 * <p>The scale comes from the system property {@code camelmta.crash.messages} (default
 * {@value #DEFAULT_MESSAGES}); {@code mvn -Pcrash test} runs 5,000.
 */
final class CrashRig implements AutoCloseable {

    static final int DEFAULT_MESSAGES = 1000;
    /** Concurrent deliveries in the engine: the most SMTP transactions in flight at a kill. */
    static final int CONSUMERS = 8;
    static final String DOMAIN = "crash.example";

    final SmtpSink sink;
    final HoldingProxy proxy;
    private final SinkLedger ledger = new SinkLedger();
    private volatile boolean refusing;
    private volatile boolean holdingAfterDot;
    private volatile CountDownLatch afterDotRelease = new CountDownLatch(1);
    private final AtomicInteger heldAfterDot = new AtomicInteger();
    private final AtomicInteger refusedConnections = new AtomicInteger();

    private final long started = System.nanoTime();

    private CrashRig() throws IOException {
        sink = SmtpSink.builder().bind(InetAddress.getLoopbackAddress()).retainMessages(false)
                .keyedRecipients(false).behaviour(this::decide).onMessage(ledger).start();
        proxy = HoldingProxy.start(new InetSocketAddress(sink.address(), sink.port()));
    }

    static CrashRig start() throws IOException {
        return new CrashRig();
    }

    static int messages() {
        return Integer.getInteger("camelmta.crash.messages", DEFAULT_MESSAGES);
    }

    /** The settings of every engine in the test; {@code extra} adds or overrides. */
    Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("mta.routes-reload", "false");
        s.put("mta.hostname", "mta.crash.example");
        s.put("mta.routes." + DOMAIN, "[127.0.0.1]:" + proxy.port());
        s.put("mta.delivery.consumers", Integer.toString(CONSUMERS));
        s.put("mta.submit.consumers", "2");
        s.put("mta.retry.sweep-interval", "2s");
        s.put("mta.connection.default.timeout.connect", "3s");
        s.putAll(extra);
        return s;
    }

    /** Submits {@code count} messages, one recipient each ({@code r<i>@crash.example}), in batches of 200 per commit. */
    static void submit(String brokerUrl, int from, int count) throws JMSException {
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(brokerUrl);
             Connection connection = cf.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue("mta.submit"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = from; i < from + count; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(("From: a@sender.example\r\nTo: r" + i + "@" + DOMAIN + "\r\nSubject: crash " + i
                        + "\r\nMessage-ID: <crash-" + i + "@sender.example>\r\n\r\nmessage number " + i
                        + ", long enough that its body is still being written when the proxy holds it\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                m.setStringProperty("mtaSender", "a@sender.example");
                m.setStringProperty("mtaRecipients", "r" + i + "@" + DOMAIN);
                producer.send(m);
                if ((i - from + 1) % 200 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    /** Messages (recipients) the sink has accepted at least once. */
    int distinct() {
        return ledger.distinct();
    }

    /** Acceptances beyond the first, over all messages. */
    int duplicates() {
        return ledger.duplicates();
    }

    /** Recipients among {@code r0 .. r<count-1>} the sink never accepted (at most 10 named). */
    String missing(int count) {
        return ledger.missing("r", DOMAIN, count);
    }

    /** While on, every connection is greeted with 421: the host is failing, all mail is deferred. */
    void refuseConnections(boolean on) {
        refusing = on;
    }

    /** Connections the sink has greeted with 421. */
    int refusedConnections() {
        return refusedConnections.get();
    }

    /**
     * While on, every message's final dot is held: the sink has the whole message and will
     * accept it, but says nothing until {@link #releaseAfterDot()}.
     */
    void holdAfterDot() {
        afterDotRelease = new CountDownLatch(1);
        holdingAfterDot = true;
    }

    /** Messages held after their final dot right now. */
    int heldAfterDot() {
        return heldAfterDot.get();
    }

    /** Lets every held message be accepted (250), and holds no more. */
    void releaseAfterDot() {
        holdingAfterDot = false;
        afterDotRelease.countDown();
    }

    /** Whether no queue of the engine holds anything: nothing stuck, nothing dead-lettered. */
    static boolean queuesEmpty(String brokerUrl) {
        try {
            return queueDepths(brokerUrl).values().stream().allMatch(d -> d == 0);
        } catch (JMSException e) {
            return false;
        }
    }

    /** How many messages wait on each of the engine's queues. */
    static Map<String, Integer> queueDepths(String brokerUrl) throws JMSException {
        Map<String, Integer> depths = new LinkedHashMap<>();
        try (JmsClient jms = new JmsClient(brokerUrl)) {
            for (String q : new String[] {"mta.submit", "mta.delivery", "mta.deferred", "mta.invalid", "mta.dlq"}) {
                depths.put(q, jms.browse(q).size());
            }
        }
        return depths;
    }

    private SinkAction decide(SinkContext ctx) {
        if (ctx.phase() == Phase.GREETING && refusing) {
            refusedConnections.incrementAndGet();
            return SinkAction.reply(421, "4.3.2 not now");
        }
        if (ctx.phase() == Phase.DATA_END && holdingAfterDot) {
            CountDownLatch latch = afterDotRelease;
            heldAfterDot.incrementAndGet();
            try {
                latch.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                heldAfterDot.decrementAndGet();
            }
        }
        return SinkAction.proceed();
    }


    /** A progress line in the test's output (target/surefire-reports/*-output.txt), for runs by hand. */
    /**
     * Restarts the engine on the same data directory after a kill and waits until every message
     * has arrived at the sink and every queue is empty (nothing lost, nothing stuck); returns how
     * many arrived twice, for the caller to judge against what was in flight at the kill.
     */
    int restartUntilEveryMessageArrived(Path data, Map<String, String> settings, int count) throws Exception {
        try (EngineProcess engine = EngineProcess.start(data, settings)) {
            note("restarted, pid " + engine.pid());
            org.assertj.core.api.Assertions.assertThat(within(Duration.ofSeconds(180), () -> distinct() == count))
                    .as("every message delivered after the restart; missing: %s\n%s", missing(count), engine.log())
                    .isTrue();
            note("all delivered");
            org.assertj.core.api.Assertions.assertThat(within(Duration.ofSeconds(30), () -> queuesEmpty(engine.brokerUrl())))
                    .as("nothing stuck: %s", queueDepths(engine.brokerUrl())).isTrue();
            Thread.sleep(1_000); // a late duplicate would show within this
            return duplicates();
        }
    }

    void note(String what) {
        System.out.printf("%6d ms  %s (sink: %d distinct, %d duplicates)%n",
                (System.nanoTime() - started) / 1_000_000, what, distinct(), duplicates());
    }

    /** A wait in a test: polls {@code condition} until true or {@code timeout}; returns the outcome. */
    static boolean within(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws IOException {
        releaseAfterDot();
        proxy.close();
        sink.close();
    }
}
