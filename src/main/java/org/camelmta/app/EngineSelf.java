package org.camelmta.app;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camelmta.config.Settings;
import org.camelmta.dns.IpLiterals;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.ConnectionStrategy;
import org.camelmta.smtp.EhloName;

/**
 * The names and addresses that are this engine, known without configuration, so that an MX
 * pointing at us bounces as a loop (RFC 5321 §5.1) out of the box, as Postfix knows its own
 * {@code myhostname} and {@code inet_interfaces}: {@code mta.hostname} and every EHLO name of
 * the connection strategies, the source IPs they send from, and (unless
 * {@code mta.local-interfaces=false}) the machine's interface addresses. Loopback, wildcard and
 * link-local addresses are left out: camel-mta listens for no SMTP, so 127.0.0.x is some other
 * server on this machine (a test sink, a local filter), not a loop. {@code mta.local-names}
 * adds to these.
 */
final class EngineSelf {

    /** Whether the machine's interface addresses count as this engine (default true). */
    static final String LOCAL_INTERFACES = "mta.local-interfaces";

    private EngineSelf() {
    }

    static ResolverSettings apply(ResolverSettings settings, Settings s, String hostname,
                                  ConnectionStrategies strategies, EhloName.Machine machine) {
        Set<String> names = new LinkedHashSet<>();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        add(hostname, names, addresses);
        for (ConnectionStrategy strategy : strategies.all().values()) {
            add(strategy.ehloHostname(), names, addresses);
            strategy.sourceIps().forEach(ip -> addAddress(ip, addresses));
        }
        if (s.bool(LOCAL_INTERFACES, true)) {
            machine.addresses().forEach(ip -> addAddress(ip, addresses));
        }
        return settings.withSelf(names, addresses);
    }

    private static void add(String name, Set<String> names, Set<InetAddress> addresses) {
        if (name == null || name.isBlank()) {
            return;
        }
        String n = name.strip();
        if (n.startsWith("[")) {
            IpLiterals.fromAddressLiteral(n).ifPresent(ip -> addAddress(ip, addresses));
        } else {
            names.add(n.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static void addAddress(InetAddress ip, Set<InetAddress> addresses) {
        if (!ip.isLoopbackAddress() && !ip.isAnyLocalAddress() && !ip.isLinkLocalAddress()) {
            addresses.add(ip);
        }
    }
}
