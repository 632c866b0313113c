package org.camelmta.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.DestinationLimiter;

/**
 * The connection cache's counters ({@code mta_connection_cache_*}) and the connections open per
 * destination address ({@code mta_connections_open{destination}}), read from the cache and the
 * limiter when scraped; nothing is done per delivery.
 */
final class ConnectionMeters {

    private final DestinationLimiter limiter;
    private final BoundedLabels addresses;
    private final MultiGauge open;

    ConnectionMeters(MeterRegistry registry, ConnectionCache cache, DestinationLimiter limiter, BoundedLabels addresses) {
        this.limiter = limiter;
        this.addresses = addresses;
        FunctionCounter.builder("mta.connection.cache.hits", cache, c -> c.stats().hits())
                .description("Messages that went out on a cached session").register(registry);
        FunctionCounter.builder("mta.connection.cache.misses", cache, c -> c.stats().misses())
                .description("Looks in the cache that found no usable session (a new connection followed)")
                .register(registry);
        FunctionCounter.builder("mta.connection.cache.evictions", cache, c -> c.stats().evictions())
                .description("Sessions the cache closed: idle or age limit, size bound, message cap, dead on reuse")
                .register(registry);
        Gauge.builder("mta.connection.cache.idle", cache, c -> c.stats().idle())
                .description("Sessions waiting idle in the cache").register(registry);
        open = MultiGauge.builder("mta.connections.open")
                .description("SMTP connections open per destination address (ip:port), idle cached ones included")
                .register(registry);
        refresh();
    }

    /** Reads the open connections again; destinations with none left drop out. */
    void refresh() {
        Map<String, Integer> byLabel = new TreeMap<>();
        for (Map.Entry<InetSocketAddress, Integer> e : limiter.open().entrySet()) {
            InetSocketAddress a = e.getKey();
            String ip = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
            String address = ip.indexOf(':') >= 0 ? "[" + ip + "]:" + a.getPort() : ip + ":" + a.getPort();
            byLabel.merge(addresses.of(address), e.getValue(), Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byLabel.forEach((label, n) -> rows.add(MultiGauge.Row.of(Tags.of("destination", label), n)));
        open.register(rows, true);
    }
}
