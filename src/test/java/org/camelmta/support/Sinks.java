package org.camelmta.support;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SmtpSink;

/**
 * Several sinks on 127.0.0.2, 127.0.0.3, ... sharing one port, as MX hosts share port 25:
 * the engine is told that port once ({@code mta.smtp.port}) and DNS decides the address.
 */
public final class Sinks implements AutoCloseable {

    private final List<SmtpSink> sinks;

    private Sinks(List<SmtpSink> sinks) {
        this.sinks = sinks;
    }

    /** {@code count} sinks on 127.0.0.2 onwards, each configured by {@code configure}. */
    public static Sinks onLoopback(int count, UnaryOperator<SinkBuilder> configure) throws IOException {
        return eachOnLoopback(count, (index, builder) -> configure.apply(builder));
    }

    /** {@code count} sinks on 127.0.0.2 onwards, the one at {@code index} configured by {@code configure}. */
    public static Sinks eachOnLoopback(int count, BiFunction<Integer, SinkBuilder, SinkBuilder> configure)
            throws IOException {
        IOException last = null;
        for (int tries = 0; tries < 20; tries++) {
            List<SmtpSink> started = new ArrayList<>();
            try {
                int port = 0;
                for (int i = 0; i < count; i++) {
                    SmtpSink sink = configure.apply(i, SmtpSink.builder()
                            .bind(InetAddress.getByName("127.0.0." + (i + 2))).port(port)).start();
                    port = sink.port();
                    started.add(sink);
                }
                return new Sinks(started);
            } catch (BindException e) {
                last = e; // the port was free on the first address only: try another
                started.forEach(SmtpSink::close);
            }
        }
        throw last;
    }

    public static Sinks onLoopback(int count) throws IOException {
        return onLoopback(count, b -> b);
    }

    public SmtpSink get(int index) {
        return sinks.get(index);
    }

    public int port() {
        return sinks.get(0).port();
    }

    public long totalMessages() {
        return sinks.stream().mapToLong(SmtpSink::messageCount).sum();
    }

    @Override
    public void close() {
        sinks.forEach(SmtpSink::close);
    }
}
