package org.camelmta.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camelmta.config.Settings;

/**
 * Everything {@link MxResolver} is configured with, read once from the {@code mta.*} keys.
 * docs/dns.md describes each key; {@link #from(Settings)} fails with the key's name when a
 * value is bad.
 *
 * @param servers             DNS servers to ask, in order; empty means the system's resolvers
 * @param timeout             how long one DNS lookup may take, retries included
 * @param cacheSize           most names the cache holds; 0 turns caching off
 * @param cacheMinTtl         floor on positive answers' TTL
 * @param cacheMaxTtl         ceiling on positive answers' TTL
 * @param cacheNegativeMaxTtl ceiling on negative answers' TTL (RFC 2308)
 * @param smtpPort            the port of MX hosts, and of routes written without one
 * @param routes              static routes, which replace MX lookup
 * @param ipStrategy          the address families used, and their order, unless overridden
 * @param domainIpStrategies  per recipient domain (lower case, A-labels) overrides
 * @param mxLimit             most MX hosts in one plan (Stalwart {@code limits.mx})
 * @param multihomedLimit     most addresses of one host in a plan (Stalwart {@code limits.multihomed})
 * @param addressLimit        most addresses in one plan (Postfix {@code smtp_mx_address_limit})
 * @param localNames          host names that are this engine (lower case, A-labels)
 * @param localAddresses      addresses that are this engine
 * @param allowedNetworks     non-public networks an MX host or an address literal may lead to
 *                            ({@link AllowedNetworks}; static routes are never checked)
 */
public record ResolverSettings(
        List<InetSocketAddress> servers,
        Duration timeout,
        int cacheSize,
        Duration cacheMinTtl,
        Duration cacheMaxTtl,
        Duration cacheNegativeMaxTtl,
        int smtpPort,
        StaticRoutes routes,
        IpStrategy ipStrategy,
        Map<String, IpStrategy> domainIpStrategies,
        int mxLimit,
        int multihomedLimit,
        int addressLimit,
        Set<String> localNames,
        Set<InetAddress> localAddresses,
        AllowedNetworks allowedNetworks) {

    public static final String SERVERS = "mta.dns.servers";
    public static final String TIMEOUT = "mta.dns.timeout";
    public static final String CACHE_SIZE = "mta.dns.cache.size";
    public static final String CACHE_MIN_TTL = "mta.dns.cache.min-ttl";
    public static final String CACHE_MAX_TTL = "mta.dns.cache.max-ttl";
    public static final String CACHE_NEGATIVE_MAX_TTL = "mta.dns.cache.negative-max-ttl";
    public static final String SMTP_PORT = "mta.smtp.port";
    public static final String ROUTES = "mta.routes.";
    /** Relay credentials, per static route: {@code mta.auth.<domain>.username}, {@code .password}. */
    public static final String AUTH = "mta.auth.";
    public static final String IP_STRATEGY = "mta.outbound.ip-strategy";
    public static final String LIMIT_MX = "mta.outbound.limits.mx";
    public static final String LIMIT_MULTIHOMED = "mta.outbound.limits.multihomed";
    public static final String LIMIT_ADDRESSES = "mta.outbound.limits.addresses";
    public static final String LOCAL_NAMES = "mta.local-names";
    public static final String ALLOWED_NETWORKS = AllowedNetworks.KEY;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final Duration DEFAULT_CACHE_MIN_TTL = Duration.ZERO;
    public static final Duration DEFAULT_CACHE_MAX_TTL = Duration.ofDays(1);
    public static final Duration DEFAULT_CACHE_NEGATIVE_MAX_TTL = Duration.ofHours(1);
    public static final int DEFAULT_SMTP_PORT = 25;
    public static final IpStrategy DEFAULT_IP_STRATEGY = IpStrategy.IPV4_THEN_IPV6;
    public static final int DEFAULT_LIMIT_MX = 5;
    public static final int DEFAULT_LIMIT_MULTIHOMED = 2;
    public static final int DEFAULT_LIMIT_ADDRESSES = 5;

    public ResolverSettings {
        servers = List.copyOf(servers);
        domainIpStrategies = Map.copyOf(domainIpStrategies);
        localNames = Set.copyOf(localNames);
        localAddresses = Set.copyOf(localAddresses);
        require(timeout.compareTo(Duration.ofMillis(1)) >= 0, TIMEOUT, "must be at least 1ms");
        require(cacheSize >= 0, CACHE_SIZE, "must not be negative");
        require(!cacheMinTtl.isNegative(), CACHE_MIN_TTL, "must not be negative");
        require(cacheMaxTtl.compareTo(cacheMinTtl) >= 0, CACHE_MAX_TTL, "must not be less than " + CACHE_MIN_TTL);
        require(!cacheNegativeMaxTtl.isNegative(), CACHE_NEGATIVE_MAX_TTL, "must not be negative");
        require(smtpPort >= 1 && smtpPort <= 65_535, SMTP_PORT, "must be a port number");
        require(mxLimit >= 1, LIMIT_MX, "must be at least 1");
        require(multihomedLimit >= 1, LIMIT_MULTIHOMED, "must be at least 1");
        require(addressLimit >= 1, LIMIT_ADDRESSES, "must be at least 1");
    }

    /** The defaults: the system's resolvers, no routes, no local names. */
    public static ResolverSettings defaults() {
        return from(Settings.of(Map.of()));
    }

    /** Reads the {@code mta.dns.*}, {@code mta.routes.*}, {@code mta.outbound.*} keys and the rest. */
    public static ResolverSettings from(Settings s) {
        int port = s.integer(SMTP_PORT, DEFAULT_SMTP_PORT);
        List<InetSocketAddress> servers = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String item : items(s.get(SERVERS, ""))) {
            HostPort hp = keyed(SERVERS, () -> HostPort.parse(item, 53));
            require(hp.isAddress(), SERVERS, "'" + item + "' is not an IP address (write 192.0.2.53:53 or [2001:db8::53]:53)");
            servers.add(new InetSocketAddress(hp.address(), hp.port()));
        }
        for (String item : items(s.get(LOCAL_NAMES, ""))) {
            IpLiterals.parse(item).ifPresentOrElse(addresses::add,
                    () -> names.add(keyed(LOCAL_NAMES, () -> HostPort.hostName(item))));
        }
        Map<String, IpStrategy> perDomain = new TreeMap<>();
        s.withPrefix(IP_STRATEGY + ".").forEach((domain, value) -> {
            String key = IP_STRATEGY + "." + domain;
            perDomain.put(keyed(key, () -> HostPort.hostName(domain)), keyed(key, () -> IpStrategy.parse(value)));
        });
        return new ResolverSettings(
                servers,
                s.duration(TIMEOUT, DEFAULT_TIMEOUT),
                s.integer(CACHE_SIZE, DEFAULT_CACHE_SIZE),
                s.duration(CACHE_MIN_TTL, DEFAULT_CACHE_MIN_TTL),
                s.duration(CACHE_MAX_TTL, DEFAULT_CACHE_MAX_TTL),
                s.duration(CACHE_NEGATIVE_MAX_TTL, DEFAULT_CACHE_NEGATIVE_MAX_TTL),
                port,
                StaticRoutes.parse(s.withPrefix(ROUTES), port, ROUTES).withCredentials(s.withPrefix(AUTH), AUTH),
                keyed(IP_STRATEGY, () -> IpStrategy.parse(s.get(IP_STRATEGY, DEFAULT_IP_STRATEGY.spelling()))),
                perDomain,
                s.integer(LIMIT_MX, DEFAULT_LIMIT_MX),
                s.integer(LIMIT_MULTIHOMED, DEFAULT_LIMIT_MULTIHOMED),
                s.integer(LIMIT_ADDRESSES, DEFAULT_LIMIT_ADDRESSES),
                names,
                addresses,
                AllowedNetworks.parse(s.get(ALLOWED_NETWORKS, "")));
    }

    /** The strategy for a recipient domain (lower case, A-labels) when the message sets none. */
    public IpStrategy ipStrategyFor(String asciiDomain) {
        return domainIpStrategies.getOrDefault(asciiDomain, ipStrategy);
    }

    /** Whether a host, by its name or any of its addresses, is this engine. */
    public boolean isLocal(String host, Collection<InetAddress> addresses) {
        return localNames.contains(host) || addresses.stream().anyMatch(localAddresses::contains);
    }

    /** With more names (lower case) and addresses that are this engine, as well as those it has. */
    public ResolverSettings withSelf(Collection<String> names, Collection<InetAddress> addresses) {
        Set<String> allNames = new LinkedHashSet<>(localNames);
        allNames.addAll(names);
        Set<InetAddress> allAddresses = new LinkedHashSet<>(localAddresses);
        allAddresses.addAll(addresses);
        return new ResolverSettings(servers, timeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, routes, ipStrategy, domainIpStrategies, mxLimit,
                multihomedLimit, addressLimit, allNames, allAddresses, allowedNetworks);
    }

    public ResolverSettings withServers(List<InetSocketAddress> dnsServers) {
        return new ResolverSettings(dnsServers, timeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, routes, ipStrategy, domainIpStrategies, mxLimit,
                multihomedLimit, addressLimit, localNames, localAddresses, allowedNetworks);
    }

    public ResolverSettings withTimeout(Duration lookupTimeout) {
        return new ResolverSettings(servers, lookupTimeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, routes, ipStrategy, domainIpStrategies, mxLimit,
                multihomedLimit, addressLimit, localNames, localAddresses, allowedNetworks);
    }

    public ResolverSettings withCache(int size, Duration minTtl, Duration maxTtl, Duration negativeMaxTtl) {
        return new ResolverSettings(servers, timeout, size, minTtl, maxTtl, negativeMaxTtl, smtpPort,
                routes, ipStrategy, domainIpStrategies, mxLimit, multihomedLimit, addressLimit,
                localNames, localAddresses, allowedNetworks);
    }

    public ResolverSettings withIpStrategy(IpStrategy strategy) {
        return new ResolverSettings(servers, timeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, routes, strategy, domainIpStrategies, mxLimit,
                multihomedLimit, addressLimit, localNames, localAddresses, allowedNetworks);
    }

    public ResolverSettings withLimits(int mx, int multihomed, int addresses) {
        return new ResolverSettings(servers, timeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, routes, ipStrategy, domainIpStrategies, mx,
                multihomed, addresses, localNames, localAddresses, allowedNetworks);
    }

    public ResolverSettings withRoutes(StaticRoutes staticRoutes) {
        return new ResolverSettings(servers, timeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, staticRoutes, ipStrategy, domainIpStrategies, mxLimit,
                multihomedLimit, addressLimit, localNames, localAddresses, allowedNetworks);
    }

    public ResolverSettings withAllowedNetworks(AllowedNetworks networks) {
        return new ResolverSettings(servers, timeout, cacheSize, cacheMinTtl, cacheMaxTtl,
                cacheNegativeMaxTtl, smtpPort, routes, ipStrategy, domainIpStrategies, mxLimit,
                multihomedLimit, addressLimit, localNames, localAddresses, networks);
    }

    private static List<String> items(String commaSeparated) {
        List<String> items = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                items.add(part.strip());
            }
        }
        return items;
    }

    private static <T> T keyed(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean ok, String key, String why) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + why);
        }
    }
}
