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

    /**
     * Attaches relay credentials to the routes they are for, from {@code mta.auth.<domain>.username}
     * and {@code .password} ({@code values} are the keys after {@code keyPrefix}). {@code <domain>}
     * names a route of this table ({@code *}: the smarthost); credentials for a domain without a
     * route are refused, naming the key: they would otherwise go to whatever host that domain's
     * MX records (or a recipient's address literal) name.
     */
    public StaticRoutes withCredentials(Map<String, String> values, String keyPrefix) {
        Map<String, StaticRoute> routes = new TreeMap<>(byDomain);
        String userSuffix = ".username";
        String passwordSuffix = ".password";
        values.forEach((rest, value) -> {
            if (!rest.endsWith(userSuffix) && !rest.endsWith(passwordSuffix)) {
                throw new IllegalArgumentException(keyPrefix + rest + ": unknown key (" + keyPrefix
                        + "<domain>.username and .password)");
            }
            String name = rest.substring(0, rest.lastIndexOf('.'));
            String user = values.get(name + userSuffix);
            String password = values.get(name + passwordSuffix);
            if (user == null || user.isBlank() || password == null) {
                throw new IllegalArgumentException(keyPrefix + name + (user == null || user.isBlank() ? userSuffix
                        : passwordSuffix) + " is not set (a relay needs both user name and password)");
            }
            String key;
            try {
                key = ANY.equals(name.strip()) ? ANY : HostPort.hostName(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keyPrefix + rest + ": " + e.getMessage(), e);
            }
            StaticRoute route = routes.get(key);
            if (route == null) {
                throw new IllegalArgumentException(keyPrefix + rest + ": no static route mta.routes." + name
                        + " for these credentials; relay credentials go only to a route's host (set mta.routes."
                        + name + "=[relay.host]:port)");
            }
            routes.put(key, route.withCredentials(new RelayCredentials(user.strip(), password)));
        });
        return new StaticRoutes(routes);
    }

    /** The smarthost ({@code *}), if any: where address literals go too, as Postfix's {@code relayhost}. */
    public Optional<StaticRoute> smarthost() {
        return Optional.ofNullable(byDomain.get(ANY));
    }

    /** The route for a domain (lower case, A-labels): its own, else {@code *}, else none. */
    public Optional<StaticRoute> forDomain(String asciiDomain) {
        StaticRoute exact = byDomain.get(asciiDomain);
        return Optional.ofNullable(exact != null ? exact : byDomain.get(ANY));
    }
}
