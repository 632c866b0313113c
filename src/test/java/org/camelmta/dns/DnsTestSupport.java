package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camelmta.config.Settings;
import org.camelmta.loopback.ZoneDnsServer;

/** Builds resolvers against an in-process {@link ZoneDnsServer}, and reads plans in tests. */
final class DnsTestSupport {

    /** An SOA whose negative TTL is 60s; tests of negative caching write their own. */
    static final String SOA = "@ 3600 SOA ns hostmaster 1 3600 600 86400 60\n@ 3600 NS ns\nns 3600 A 127.0.0.53\n";

    /** The networks the test zones' hosts are in, allowed despite being non-public. */
    static final String LOOPBACK = "127.0.0.0/8,::1/128";

    private DnsTestSupport() {
    }

    static ZoneDnsServer server(String origin, String zoneText) {
        try {
            return ZoneDnsServer.start().zone(origin, SOA + zoneText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resolver asking only {@code dns}, with a short timeout, plus any {@code key=value} settings. */
    static MxResolver resolver(ZoneDnsServer dns, String... keyValues) {
        return new MxResolver(settings(dns, keyValues));
    }

    static ResolverSettings settings(ZoneDnsServer dns, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("mta.dns.servers", dns.hostPort());
        values.put("mta.dns.timeout", "1s");
        values.put("mta.outbound.allowed-networks", LOOPBACK); // the test zones point MX hosts there
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            values.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return ResolverSettings.from(Settings.of(values));
    }

    static ConnectionPlan plan(PlanResult result) {
        assertThat(result).isInstanceOf(ConnectionPlan.class);
        return (ConnectionPlan) result;
    }

    static PlanFailure failure(PlanResult result) {
        assertThat(result).isInstanceOf(PlanFailure.class);
        return (PlanFailure) result;
    }

    /** The host of each hop, in plan order. */
    static List<String> hosts(PlanResult result) {
        return plan(result).hops().stream().map(Hop::host).toList();
    }

    /** The address of each hop, as text, in plan order. */
    static List<String> addresses(PlanResult result) {
        return plan(result).hops().stream().map(h -> h.address().getHostAddress()).toList();
    }

    static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }
}
