package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.camelmta.config.Settings;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.EhloName;
import org.junit.jupiter.api.Test;

/**
 * The names and addresses an MX is compared with to find a loop, with nothing configured: the
 * engine's name (a name or an address literal), the strategies' EHLO names and source IPs and
 * the machine's interface addresses, but never a loopback address (camel-mta listens for no
 * SMTP; 127.0.0.x is another server) and no interfaces with mta.local-interfaces=false.
 */
class EngineSelfKnowsItsOwnAddressesTest {

    private static final EhloName.Machine MACHINE = new EhloName.Machine(List.of("box.example"),
            List.of(ip("192.0.2.7"), ip("127.0.1.1"), ip("2001:db8::7")));

    @Test
    void theEnginesNameAndTheMachinesAddressesAreLocal() {
        Settings s = Settings.of(Map.of("mta.connection.bulk.source-ips", "198.51.100.9",
                "mta.connection.bulk.ehlo-hostname", "bulk.example.org"));
        ResolverSettings r = EngineSelf.apply(ResolverSettings.from(s), s, "mta.example.org",
                ConnectionStrategies.from(s, "mta.example.org"), MACHINE);

        assertThat(r.isLocal("mta.example.org", List.of())).isTrue();
        assertThat(r.isLocal("bulk.example.org", List.of())).isTrue();
        assertThat(r.isLocal("mx.example.net", List.of(ip("192.0.2.7")))).isTrue();
        assertThat(r.isLocal("mx.example.net", List.of(ip("2001:db8::7")))).isTrue();
        assertThat(r.isLocal("mx.example.net", List.of(ip("198.51.100.9")))).isTrue();
        assertThat(r.isLocal("mx.example.net", List.of(ip("127.0.1.1")))).isFalse();
        assertThat(r.isLocal("mx.example.net", List.of(ip("192.0.2.8")))).isFalse();
    }

    @Test
    void anAddressLiteralNameIsItsAddressAndInterfacesCanBeLeftOut() {
        Settings s = Settings.of(Map.of("mta.local-interfaces", "false"));
        ResolverSettings r = EngineSelf.apply(ResolverSettings.from(s), s, "[203.0.113.5]",
                ConnectionStrategies.from(s, "[203.0.113.5]"), MACHINE);

        assertThat(r.isLocal("mx.example.net", List.of(ip("203.0.113.5")))).isTrue();
        assertThat(r.isLocal("mx.example.net", List.of(ip("192.0.2.7")))).isFalse();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
