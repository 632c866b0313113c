package org.camelmta.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Turns a recipient domain into a {@link ConnectionPlan}, or a {@link PlanFailure} worded as
 * the reply delivery records. One instance is shared by all delivery threads: it holds the DNS
 * cache, and each call is independent.
 *
 * <p>The stages of a plan: address literal ({@code [192.0.2.1]}) → that address; static route →
 * the route's address, host or host's MX; otherwise the domain's MX records (RFC 5321 §5.1,
 * null MX per RFC 7505, implicit MX when there are none), then the A/AAAA records of every MX
 * host in parallel, then {@link PlanBuilder} (loop avoidance, IP strategy, limits).
 */
public final class MxResolver implements AutoCloseable {

    // MX hosts whose addresses are looked up for one plan, at most: enough for any sane domain
    // and for the mx limit, without letting a domain with hundreds of MX records flood DNS.
    private static final int MAX_HOSTS_LOOKED_UP = 16;
    // A plan makes up to three rounds of look-ups (MX, CNAME target, A/AAAA), each bounded by
    // the per-look-up timeout; this bounds the whole plan should a look-up not end on its own.
    private static final int LOOKUP_ROUNDS = 4;

    private final ResolverSettings settings;
    private final ExecutorService executor;
    private final MeteredResolver resolver;
    private final DnsCache cache;
    private final DnsLookups lookups;
    private final PlanBuilder builder;
    private final LongAdder plans = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean closed;

    public MxResolver(ResolverSettings settings) {
        this.settings = settings;
        this.executor = Executors.newFixedThreadPool(2, daemonThreads());
        this.resolver = new MeteredResolver(resolverFor(settings));
        this.cache = settings.cacheSize() == 0 ? null : new DnsCache(settings.cacheSize(),
                settings.cacheMinTtl(), settings.cacheMaxTtl(), settings.cacheNegativeMaxTtl());
        this.lookups = new DnsLookups(resolver, settings.timeout(), cache, executor);
        this.builder = new PlanBuilder(settings);
    }

    /** The plan for a domain, with the domain's configured IP strategy. */
    public PlanResult plan(String domain) {
        return plan(domain, null);
    }

    /**
     * The plan for a domain.
     *
     * @param domain   a domain (U-labels or A-labels) or an address literal such as
     *                 {@code [192.0.2.1]} or {@code [IPv6:::1]}
     * @param override the message's own IP strategy; null for the domain's, else the global one
     */
    public PlanResult plan(String domain, IpStrategy override) {
        if (closed) {
            throw new IllegalStateException("the resolver is closed");
        }
        PlanResult result = resolve(domain, override);
        plans.increment();
        if (result instanceof PlanFailure) {
            failures.increment();
        }
        return result;
    }

    public ResolverSettings settings() {
        return settings;
    }

    /** Counters since start, for metrics. */
    public DnsStats stats() {
        return new DnsStats(plans.sum(), failures.sum(), resolver.queries(), resolver.errors(),
                cache == null ? 0 : cache.hits(), cache == null ? 0 : cache.misses(),
                resolver.maxTime());
    }

    /** Tells the observer how long each DNS query from now on takes (one observer at a time). */
    public void observe(DnsObserver observer) {
        resolver.observe(observer);
    }

    /** Stops the resolver's threads; plans asked for afterwards fail. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    private PlanResult resolve(String domain, IpStrategy override) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        if (d.startsWith("[")) {
            // With a smarthost, an address literal goes through it like any other recipient, as
            // through Postfix's relayhost: a recipient never picks the host the relay's mail
            // (and so the relay's credentials) goes to.
            Optional<StaticRoute> smarthost = settings.routes().smarthost();
            if (smarthost.isPresent()) {
                if (IpLiterals.fromAddressLiteral(d).isEmpty()) {
                    return DnsFailures.badDomain(d, "not an address literal");
                }
                String canonical = d.replace("[ipv6:", "[IPv6:");
                IpStrategy strategy = override != null ? override : settings.ipStrategy();
                long deadline = System.nanoTime() + settings.timeout().toNanos() * LOOKUP_ROUNDS;
                return DnsFailures.viaRoute(routed(canonical, smarthost.get(), strategy, deadline), smarthost.get());
            }
            return addressLiteral(d);
        }
        String ascii;
        try {
            ascii = HostPort.hostName(d);
        } catch (IllegalArgumentException e) {
            return DnsFailures.badDomain(domain, e.getMessage());
        }
        IpStrategy strategy = override != null ? override : settings.ipStrategyFor(ascii);
        long deadline = System.nanoTime() + settings.timeout().toNanos() * LOOKUP_ROUNDS;
        Optional<StaticRoute> route = settings.routes().forDomain(ascii);
        if (route.isPresent()) {
            return DnsFailures.viaRoute(routed(d, route.get(), strategy, deadline), route.get());
        }
        return viaMx(d, absolute(ascii), settings.smtpPort(), strategy, null, deadline);
    }

    private PlanResult addressLiteral(String literal) {
        Optional<InetAddress> address = IpLiterals.fromAddressLiteral(literal);
        if (address.isEmpty()) {
            return DnsFailures.badDomain(literal, "not an address literal");
        }
        String inner = literal.substring(1, literal.length() - 1);
        String canonical = literal.replace("[ipv6:", "[IPv6:"); // as MailAddress writes it
        Optional<String> refusal = settings.allowedNetworks().refusal(address.get());
        if (refusal.isPresent()) {
            return DnsFailures.nonPublic(canonical, address.get().getHostAddress(), address.get(), refusal.get());
        }
        return new ConnectionPlan(canonical, List.of(
                new Hop(HostPort.addressText(inner), 0, address.get(), settings.smtpPort(), false)));
    }

    private PlanResult routed(String domain, StaticRoute route, IpStrategy strategy, long deadline) {
        return switch (route.kind()) {
            case ADDRESS -> new ConnectionPlan(domain,
                    List.of(new Hop(route.host(), 0, route.address(), route.port(), false, route)));
            case HOST -> viaHosts(domain, List.of(new MxHost(absolute(route.host()), 0, false)),
                    route.port(), strategy, false, route, deadline);
            case MX -> viaMx(domain, absolute(route.host()), route.port(), strategy, route, deadline);
        };
    }

    private PlanResult viaMx(String domain, Name target, int port, IpStrategy strategy, StaticRoute route,
                             long deadline) {
        LookupOutcome mx = await(lookups.lookup(target, Type.MX), deadline,
                () -> new LookupOutcome.TryAgain("timed out"));
        List<MxHost> hosts;
        if (mx instanceof LookupOutcome.NxDomain) {
            return DnsFailures.notFound(target, "MX");
        } else if (mx instanceof LookupOutcome.TryAgain t) {
            // Never the implicit MX here: the MX records may exist and point elsewhere.
            return DnsFailures.tryAgain(target, "MX", t.reason());
        } else if (mx instanceof LookupOutcome.Found found) {
            List<MXRecord> records = found.records().stream().map(MXRecord.class::cast).toList();
            if (MxOrdering.isNullMx(records)) {
                return DnsFailures.nullMx(domain);
            }
            hosts = MxOrdering.order(records, random());
        } else {
            hosts = List.of(new MxHost(target, 0, false)); // RFC 5321 §5.1 implicit MX
        }
        return viaHosts(domain, hosts, port, strategy, true, route, deadline);
    }

    private PlanResult viaHosts(String domain, List<MxHost> hosts, int port, IpStrategy strategy,
                                boolean checkLoops, StaticRoute route, long deadline) {
        Map<MxHost, CompletableFuture<HostAddresses>> pending = new LinkedHashMap<>();
        for (MxHost host : hosts.subList(0, Math.min(hosts.size(), Math.max(MAX_HOSTS_LOOKED_UP, settings.mxLimit())))) {
            pending.put(host, addresses(host, strategy));
        }
        Map<MxHost, HostAddresses> found = new LinkedHashMap<>();
        pending.forEach((host, future) -> found.put(host, await(future, deadline, () -> new HostAddresses(List.of(),
                DnsFailures.tryAgain(host.name(), strategy.usesIpv4() ? "A" : "AAAA", "timed out")))));
        return builder.build(domain, hosts, found, port, strategy, checkLoops, route, random());
    }

    // A and AAAA in parallel, only the families the strategy uses.
    private CompletableFuture<HostAddresses> addresses(MxHost host, IpStrategy strategy) {
        CompletableFuture<LookupOutcome> v4 = strategy.usesIpv4() ? lookups.lookup(host.name(), Type.A)
                : CompletableFuture.completedFuture(new LookupOutcome.NoData());
        CompletableFuture<LookupOutcome> v6 = strategy.usesIpv6() ? lookups.lookup(host.name(), Type.AAAA)
                : CompletableFuture.completedFuture(new LookupOutcome.NoData());
        return v4.thenCombine(v6, (a, aaaa) -> HostAddresses.of(host, a, aaaa));
    }

    private static <T> T await(CompletableFuture<T> future, long deadline, Supplier<T> onTimeout) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return onTimeout.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return onTimeout.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("look-up failed unclassified", e.getCause());
        }
    }

    private static Random random() {
        return ThreadLocalRandom.current();
    }

    private static Name absolute(String asciiHost) {
        try {
            return Name.fromString(asciiHost + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(asciiHost + ": " + e.getMessage(), e);
        }
    }

    // dnsjava retries over TCP when a UDP answer comes back truncated. Each server attempt gets
    // a share of the look-up timeout so that at least two attempts fit; ExtendedResolver ends
    // the look-up when the whole timeout has passed.
    private static Resolver resolverFor(ResolverSettings settings) {
        List<InetSocketAddress> servers = settings.servers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers() : settings.servers();
        if (servers.isEmpty()) {
            throw new IllegalStateException("no DNS server found in the system configuration; set "
                    + ResolverSettings.SERVERS);
        }
        Duration attempt = settings.timeout().dividedBy(Math.max(2, servers.size()));
        List<Resolver> simple = servers.stream().<Resolver>map(address -> {
            SimpleResolver r = new SimpleResolver(address);
            r.setTimeout(attempt);
            return r;
        }).toList();
        ExtendedResolver extended = new ExtendedResolver(simple);
        extended.setTimeout(settings.timeout());
        return extended;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "camel-mta-dns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
