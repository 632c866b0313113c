package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.camelmta.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every key, its default, and a bad value failing with the key's name. */
class ResolverSettingsTest {

    @Test
    void defaults() {
        ResolverSettings s = ResolverSettings.defaults();

        assertThat(s.servers()).isEmpty();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.cacheSize()).isEqualTo(10_000);
        assertThat(s.cacheMinTtl()).isEqualTo(Duration.ZERO);
        assertThat(s.cacheMaxTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(s.cacheNegativeMaxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(s.smtpPort()).isEqualTo(25);
        assertThat(s.routes().byDomain()).isEmpty();
        assertThat(s.ipStrategy()).isEqualTo(IpStrategy.IPV4_THEN_IPV6);
        assertThat(s.mxLimit()).isEqualTo(5);
        assertThat(s.multihomedLimit()).isEqualTo(2);
        assertThat(s.addressLimit()).isEqualTo(5);
        assertThat(s.localNames()).isEmpty();
        assertThat(s.localAddresses()).isEmpty();
        assertThat(s.allowedNetworks().networks()).as("only public addresses by default").isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        ResolverSettings s = ResolverSettings.from(Settings.of(Map.ofEntries(
                Map.entry("mta.dns.servers", "127.0.0.1:5353, [::1]:53, 127.0.0.2"),
                Map.entry("mta.dns.timeout", "1500ms"),
                Map.entry("mta.dns.cache.size", "100"),
                Map.entry("mta.dns.cache.min-ttl", "30s"),
                Map.entry("mta.dns.cache.max-ttl", "2h"),
                Map.entry("mta.dns.cache.negative-max-ttl", "5m"),
                Map.entry("mta.smtp.port", "2525"),
                Map.entry("mta.routes.example.com", "[relay.example.net]"),
                Map.entry("mta.outbound.ip-strategy", "ipv6_then_ipv4"),
                Map.entry("mta.outbound.ip-strategy.Example.ORG", "ipv4-only"),
                Map.entry("mta.outbound.limits.mx", "7"),
                Map.entry("mta.outbound.limits.multihomed", "3"),
                Map.entry("mta.outbound.limits.addresses", "9"),
                Map.entry("mta.local-names", "MTA.example.com., 192.0.2.25, 2001:db8::25"))));

        assertThat(s.servers()).containsExactly(new InetSocketAddress(DnsTestSupport.ip("127.0.0.1"), 5353),
                new InetSocketAddress(DnsTestSupport.ip("::1"), 53), new InetSocketAddress(DnsTestSupport.ip("127.0.0.2"), 53));
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.cacheSize()).isEqualTo(100);
        assertThat(s.cacheMinTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.cacheMaxTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(s.cacheNegativeMaxTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.smtpPort()).isEqualTo(2525);
        assertThat(s.routes().forDomain("example.com")).hasValueSatisfying(r -> {
            assertThat(r.kind()).isEqualTo(StaticRoute.Kind.HOST);
            assertThat(r.port()).isEqualTo(2525); // a route without a port takes mta.smtp.port
        });
        assertThat(s.ipStrategyFor("example.org")).isEqualTo(IpStrategy.IPV4_ONLY);
        assertThat(s.ipStrategyFor("example.net")).isEqualTo(IpStrategy.IPV6_THEN_IPV4);
        assertThat(s.mxLimit()).isEqualTo(7);
        assertThat(s.multihomedLimit()).isEqualTo(3);
        assertThat(s.addressLimit()).isEqualTo(9);
        assertThat(s.localNames()).containsExactly("mta.example.com");
        assertThat(s.localAddresses()).containsExactlyInAnyOrder(DnsTestSupport.ip("192.0.2.25"), DnsTestSupport.ip("2001:db8::25"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mta.dns.servers                 | dns.example.com:53 | mta.dns.servers",
        "mta.dns.servers                 | 127.0.0.1:99999    | mta.dns.servers",
        "mta.dns.timeout                 | soon               | mta.dns.timeout",
        "mta.dns.timeout                 | 0s                 | mta.dns.timeout",
        "mta.dns.cache.size              | -1                 | mta.dns.cache.size",
        "mta.dns.cache.min-ttl           | 2d                 | mta.dns.cache.max-ttl",
        "mta.smtp.port                   | 0                  | mta.smtp.port",
        "mta.routes.example.com          | [relay             | mta.routes.example.com",
        "mta.routes.example.com          | relay:port         | mta.routes.example.com",
        "mta.outbound.ip-strategy        | ipv5_only          | mta.outbound.ip-strategy",
        "mta.outbound.ip-strategy.a.com  | both               | mta.outbound.ip-strategy.a.com",
        "mta.outbound.limits.mx          | 0                  | mta.outbound.limits.mx",
        "mta.outbound.limits.multihomed  | many               | mta.outbound.limits.multihomed",
        "mta.outbound.limits.addresses   | 0                  | mta.outbound.limits.addresses",
        "mta.local-names                 | bad name!          | mta.local-names",
        "mta.outbound.allowed-networks   | 10.0.0.0/40        | mta.outbound.allowed-networks",
        "mta.outbound.allowed-networks   | intranet           | mta.outbound.allowed-networks",
    })
    void aBadValueFailsNamingItsKey(String key, String value, String named) {
        assertThatThrownBy(() -> ResolverSettings.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(named + ":");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[relay.example.com]:2525 | HOST    | relay.example.com | 2525 | [relay.example.com]:2525",
        "[relay.example.com]      | HOST    | relay.example.com | 25   | [relay.example.com]:25",
        "relay.example.com        | MX      | relay.example.com | 25   | relay.example.com:25",
        "Relay.Example.COM.:587   | MX      | relay.example.com | 587  | relay.example.com:587",
        "192.0.2.1:2525           | ADDRESS | 192.0.2.1         | 2525 | 192.0.2.1:2525",
        "[192.0.2.1]              | ADDRESS | 192.0.2.1         | 25   | 192.0.2.1:25",
        "[::1]:2525               | ADDRESS | ::1               | 2525 | [::1]:2525",
        "[IPv6:2001:db8::1]       | ADDRESS | 2001:db8::1       | 25   | [2001:db8::1]:25",
        "2001:db8::2              | ADDRESS | 2001:db8::2       | 25   | [2001:db8::2]:25",
        "bücher.example           | MX      | xn--bcher-kva.example | 25 | xn--bcher-kva.example:25",
    })
    void routeValues(String value, StaticRoute.Kind kind, String host, int port, String written) {
        StaticRoute route = StaticRoute.parse(value, 25);

        assertThat(route.kind()).isEqualTo(kind);
        assertThat(route.host()).isEqualTo(host);
        assertThat(route.port()).isEqualTo(port);
        assertThat(route.toString()).isEqualTo(written);
        assertThat(route.address() != null).isEqualTo(kind == StaticRoute.Kind.ADDRESS);
    }

    @Test
    void withersChangeOneThing() {
        ResolverSettings s = ResolverSettings.defaults()
                .withServers(java.util.List.of(new InetSocketAddress(DnsTestSupport.ip("127.0.0.1"), 5353)))
                .withTimeout(Duration.ofSeconds(2))
                .withIpStrategy(IpStrategy.IPV6_ONLY)
                .withLimits(1, 1, 1)
                .withCache(5, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
                .withRoutes(StaticRoutes.parse(Map.of("*", "[::1]:2525"), 25, "mta.routes."));

        assertThat(s.servers()).hasSize(1);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.ipStrategy()).isEqualTo(IpStrategy.IPV6_ONLY);
        assertThat(s.mxLimit() + s.multihomedLimit() + s.addressLimit()).isEqualTo(3);
        assertThat(s.cacheSize()).isEqualTo(5);
        assertThat(s.routes().forDomain("anything.org")).isPresent();
        assertThat(s.smtpPort()).isEqualTo(25);
    }
}
