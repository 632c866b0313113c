package org.camelmta.component;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.ConnectionStrategy;
import org.camelmta.smtp.SmtpTimeouts;
import org.camelmta.smtp.TlsPolicy;

/**
 * Two MX hosts of example.test for component tests: mx1 a sink on 127.0.0.2, mx2 one on
 * 127.0.0.3, the connection plan that walks them in that order, and the headers a delivery
 * route gives {@code smtp-delivery}.
 */
final class MxPair implements AutoCloseable {

    static final SmtpTimeouts FAST = new SmtpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));

    final SmtpSink first;
    final SmtpSink second;

    private MxPair(SmtpSink first, SmtpSink second) {
        this.first = first;
        this.second = second;
    }

    static MxPair start(UnaryOperator<SinkBuilder> first) throws IOException {
        SmtpSink a = first.apply(SmtpSink.builder().bind(InetAddress.getByName("127.0.0.2"))).start();
        try {
            return new MxPair(a, SmtpSink.builder().bind(InetAddress.getByName("127.0.0.3")).start());
        } catch (IOException e) {
            a.close();
            throw e;
        }
    }

    ConnectionPlan plan() {
        return new ConnectionPlan("example.test", List.of(
                new Hop("mx1.example.test", 10, first.address(), first.port(), true),
                new Hop("mx2.example.test", 20, second.address(), second.port(), true)));
    }

    /** The headers of a message from sender@origin.test to {@code localPart}@example.test. */
    Map<String, Object> headers(String localPart) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(SmtpDeliveryConstants.SENDER, "sender@origin.test");
        headers.put(SmtpDeliveryConstants.RECIPIENTS, localPart + "@example.test");
        headers.put(SmtpDeliveryConstants.CONNECTION_PLAN, plan());
        return headers;
    }

    static byte[] body() {
        return "From: sender@origin.test\r\nTo: someone@example.test\r\nSubject: hi\r\n\r\nHello.\r\n"
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The default strategy with fast timeouts and the given EHLO name, plus {@code others}. */
    static ConnectionStrategies strategies(String defaultEhlo, ConnectionStrategy... others) {
        Map<String, ConnectionStrategy> byId = new HashMap<>();
        byId.put("default", strategy("default", defaultEhlo, List.of()));
        for (ConnectionStrategy s : others) {
            byId.put(s.id(), s);
        }
        return new ConnectionStrategies(byId);
    }

    static ConnectionStrategy strategy(String id, String ehlo, List<InetAddress> sources) {
        return new ConnectionStrategy(id, ehlo, sources, Map.of(), FAST, TlsPolicy.OPPORTUNISTIC);
    }

    @Override
    public void close() {
        first.close();
        second.close();
    }
}
