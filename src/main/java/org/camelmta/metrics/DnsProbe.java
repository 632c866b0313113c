package org.camelmta.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Readiness's DNS check: one query (NS of the probe name, the root by default) sent straight to
 * the DNS servers the engine's resolver uses, bypassing its cache. DNS counts as answering when
 * any server responds, whatever the response code: a server that says NXDOMAIN or REFUSED is
 * there; one that says nothing within the timeout is not, and then no MX lookup can succeed
 * either.
 */
public final class DnsProbe {

    private final List<InetSocketAddress> servers;
    private final Name name;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param servers the engine's DNS servers; empty for the system's
     * @param name    the name to ask about
     */
    public DnsProbe(List<InetSocketAddress> servers, String name, Duration timeout, Clock clock) {
        this.servers = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : List.copyOf(servers);
        try {
            this.name = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(MetricsSettings.DNS_PROBE + ": not a domain name: " + name, e);
        }
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Asks each server in turn until one responds. */
    public CheckResult check() {
        if (servers.isEmpty()) {
            return CheckResult.down("no DNS server configured", clock.instant());
        }
        Message query = Message.newQuery(Record.newRecord(name, Type.NS, DClass.IN));
        StringBuilder failures = new StringBuilder();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            try {
                Message response = r.send(query);
                return CheckResult.up(server.getAddress().getHostAddress() + ":" + server.getPort() + " answered "
                        + Rcode.string(response.getRcode()) + " for " + name + " NS", clock.instant());
            } catch (IOException e) {
                failures.append(failures.length() == 0 ? "" : "; ").append(server.getAddress().getHostAddress())
                        .append(':').append(server.getPort()).append(": ")
                        .append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        return CheckResult.down("no DNS server answered " + name + " NS within " + timeout.toMillis() + " ms ("
                + failures + ")", clock.instant());
    }
}
