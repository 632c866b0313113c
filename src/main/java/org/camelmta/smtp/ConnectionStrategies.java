package org.camelmta.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.camelmta.config.Settings;

/**
 * The configured connection strategies, by name. Read from Stalwart-style keys:
 * {@code mta.connection.<id>.ehlo-hostname}, {@code .source-ips}, {@code .timeout.<phase>},
 * {@code .tls}, and {@code mta.source-ip.<ip>.ehlo-hostname}. A strategy named {@code default}
 * always exists.
 */
public final class ConnectionStrategies {

    public static final String DEFAULT = "default";

    private final Map<String, ConnectionStrategy> byId;

    public ConnectionStrategies(Map<String, ConnectionStrategy> byId) {
        if (!byId.containsKey(DEFAULT)) {
            throw new IllegalArgumentException("no '" + DEFAULT + "' connection strategy");
        }
        this.byId = Map.copyOf(byId);
    }

    /** Only the default strategy: the given EHLO name, system-chosen source, default timeouts, opportunistic TLS. */
    public static ConnectionStrategies defaults(String hostname) {
        return new ConnectionStrategies(Map.of(DEFAULT, new ConnectionStrategy(DEFAULT, hostname, List.of(), Map.of(),
                SmtpTimeouts.DEFAULTS, TlsPolicy.OPPORTUNISTIC)));
    }

    /**
     * Reads every {@code mta.connection.<id>.*} group.
     *
     * @param hostname the engine's host name, the EHLO name of strategies that set none
     */
    public static ConnectionStrategies from(Settings s, String hostname) {
        Map<InetAddress, String> ehloBySource = new HashMap<>();
        s.withPrefix("mta.source-ip.").forEach((rest, value) -> {
            String suffix = ".ehlo-hostname";
            if (rest.endsWith(suffix)) {
                ehloBySource.put(parseIp("mta.source-ip." + rest, rest.substring(0, rest.length() - suffix.length())),
                        value.strip());
            }
        });
        TreeSet<String> ids = new TreeSet<>();
        ids.add(DEFAULT);
        s.withPrefix("mta.connection.").keySet().forEach(rest -> {
            int dot = rest.indexOf('.');
            if (dot > 0) {
                ids.add(rest.substring(0, dot));
            }
        });
        SmtpTimeouts baseTimeouts = SmtpTimeouts.from(s, "mta.connection." + DEFAULT + ".timeout.", SmtpTimeouts.DEFAULTS);
        Map<String, ConnectionStrategy> byId = new TreeMap<>();
        for (String id : ids) {
            String prefix = "mta.connection." + id + ".";
            String ehlo = s.get(prefix + "ehlo-hostname", id.equals(DEFAULT) ? hostname
                    : s.get("mta.connection." + DEFAULT + ".ehlo-hostname", hostname));
            List<InetAddress> sources = new ArrayList<>();
            for (String ip : s.get(prefix + "source-ips", "").split("[,\\s]+")) {
                if (!ip.isBlank()) {
                    sources.add(parseIp(prefix + "source-ips", ip));
                }
            }
            SmtpTimeouts timeouts = SmtpTimeouts.from(s, prefix + "timeout.", baseTimeouts);
            TlsPolicy tls = TlsPolicy.parse(s.get(prefix + "tls", s.get("mta.connection." + DEFAULT + ".tls", "opportunistic")));
            byId.put(id, new ConnectionStrategy(id, ehlo, sources, ehloBySource, timeouts, tls));
        }
        return new ConnectionStrategies(byId);
    }

    public Optional<ConnectionStrategy> find(String id) {
        return Optional.ofNullable(byId.get(id == null || id.isBlank() ? DEFAULT : id.strip()));
    }

    public ConnectionStrategy defaultStrategy() {
        return byId.get(DEFAULT);
    }

    public Map<String, ConnectionStrategy> all() {
        return byId;
    }

    private static InetAddress parseIp(String key, String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException(key + ": not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(t); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(key + ": not an IP address: " + text);
        }
    }
}
