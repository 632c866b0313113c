package org.camelmta.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * A {@link Resolver} that counts and times the queries it passes on, for {@link DnsStats}, and
 * tells a {@link DnsObserver} each query's time.
 */
final class MeteredResolver implements Resolver {

    private final Resolver delegate;
    private final LongAdder queries = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private volatile DnsObserver observer = DnsObserver.NONE;

    MeteredResolver(Resolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, ForkJoinPool.commonPool());
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        queries.increment();
        long start = System.nanoTime();
        return delegate.sendAsync(query, executor).whenComplete((response, error) -> {
            long took = System.nanoTime() - start;
            maxNanos.accumulateAndGet(took, Math::max);
            if (error != null) {
                errors.increment();
            }
            observer.query(Duration.ofNanos(took));
        });
    }

    void observe(DnsObserver observer) {
        this.observer = observer;
    }

    long queries() {
        return queries.sum();
    }

    long errors() {
        return errors.sum();
    }

    Duration maxTime() {
        return Duration.ofNanos(maxNanos.get());
    }

    @Override
    public void setPort(int port) {
        delegate.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        delegate.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        delegate.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        delegate.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        delegate.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return delegate.getTimeout();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
