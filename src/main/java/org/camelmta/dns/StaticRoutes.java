package org.camelmta.dns;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The static route table: recipient domain, or {@code *} for every other domain (a smarthost),
 * to the {@link StaticRoute} that replaces its MX lookup. An exact domain wins over {@code *}.
 *
 * @param byDomain routes keyed by lower-case A-label domain, or {@code *}
 */
public record StaticRoutes(Map<String, StaticRoute> byDomain) {

    /** The key that routes every domain without a route of its own. */
    public static final String ANY = "*";

    public StaticRoutes {
        byDomain = Map.copyOf(byDomain);
    }

    public static StaticRoutes none() {
        return new StaticRoutes(Map.of());
    }

    /**
     * Parses {@code domain -> value} pairs (the keys after {@code mta.routes.}); a bad entry
     * fails naming {@code keyPrefix + domain}.
     */
    public static StaticRoutes parse(Map<String, String> values, int defaultPort, String keyPrefix) {
        Map<String, StaticRoute> routes = new TreeMap<>();
        values.forEach((domain, value) -> {
            try {
                String key = ANY.equals(domain.strip()) ? ANY : HostPort.hostName(domain);
                routes.put(key, StaticRoute.parse(value, defaultPort));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keyPrefix + domain + ": " + e.getMessage(), e);
            }
        });
        return new StaticRoutes(routes);
    }

    /** The route for a domain (lower case, A-labels): its own, else {@code *}, else none. */
    public Optional<StaticRoute> forDomain(String asciiDomain) {
        StaticRoute exact = byDomain.get(asciiDomain);
        return Optional.ofNullable(exact != null ? exact : byDomain.get(ANY));
    }
}
