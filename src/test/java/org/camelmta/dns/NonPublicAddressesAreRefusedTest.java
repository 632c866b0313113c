package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.dns.DnsTestSupport.addresses;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.ip;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * By default, an MX host or an address literal that leads to a loopback, private, link-local,
 * shared, unspecified or multicast address is not connected to: a DNS answer or a recipient
 * cannot make the engine reach into its own network. Other, public MX hosts of the domain are
 * still used; when none is left the recipients fail at once with 550 5.4.4 naming the address
 * and mta.outbound.allowed-networks, which lists the networks allowed after all. The operator's
 * static routes are not checked.
 */
class NonPublicAddressesAreRefusedTest {

    private static final String DEFAULT = "mta.outbound.allowed-networks="; // none, as in production

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                private     300 MX 10 mx.private
                mx.private  300 A 10.0.0.1
                mixed       300 MX 10 mx.private
                mixed       300 MX 20 mx.public
                mx.public   300 A 192.0.2.7
                loop        300 MX 10 mx.loop
                mx.loop     300 A 127.0.0.2
                cgnat       300 A 100.64.1.1
                linklocal   300 A 169.254.1.1
                ula         300 AAAA fd00::25
                mapped      300 AAAA ::ffff:192.168.1.1
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void anMxInPrivateSpaceFailsPermanentlyNamingTheAddressAndTheSetting() {
        try (MxResolver resolver = resolver(dns, DEFAULT)) {
            PlanFailure f = failure(resolver.plan("private.example.com"));
            assertThat(f.code()).isEqualTo(550);
            assertThat(f.enhancedStatus()).isEqualTo("5.4.4");
            assertThat(f.text()).isEqualTo("Mail for private.example.com (MX host mx.private.example.com) resolves to a"
                    + " non-public address 10.0.0.1 (private), which mta.outbound.allowed-networks does not allow");
        }
    }

    @Test
    void aPublicMxOfTheSameDomainIsStillUsed() {
        try (MxResolver resolver = resolver(dns, DEFAULT)) {
            assertThat(addresses(resolver.plan("mixed.example.com"))).containsExactly("192.0.2.7");
        }
    }

    @Test
    void loopbackIsRefusedByDefaultAndAllowedWhenListed() {
        try (MxResolver refusing = resolver(dns, DEFAULT);
             MxResolver allowing = resolver(dns, "mta.outbound.allowed-networks=127.0.0.0/8")) {
            assertThat(failure(refusing.plan("loop.example.com")).text()).contains("127.0.0.2 (loopback)");
            assertThat(addresses(allowing.plan("loop.example.com"))).containsExactly("127.0.0.2");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "cgnat.example.com, 100.64.1.1 (shared (carrier-grade NAT))",
            "linklocal.example.com, 169.254.1.1 (link-local)",
            "ula.example.com, fd00:0:0:0:0:0:0:25 (private)",
            "mapped.example.com, 192.168.1.1 (private)"})
    void implicitMxToNonPublicSpaceIsRefused(String domain, String named) {
        try (MxResolver resolver = resolver(dns, DEFAULT, "mta.outbound.ip-strategy=ipv4_then_ipv6")) {
            assertThat(failure(resolver.plan(domain)).text()).contains(named);
        }
    }

    @Test
    void addressLiteralsAreHeldToTheSameRule() {
        try (MxResolver resolver = resolver(dns, DEFAULT)) {
            PlanFailure f = failure(resolver.plan("[10.1.2.3]"));
            assertThat(f.code()).isEqualTo(550);
            assertThat(f.text()).isEqualTo("Mail for [10.1.2.3] resolves to a non-public address 10.1.2.3 (private),"
                    + " which mta.outbound.allowed-networks does not allow");
            assertThat(failure(resolver.plan("[IPv6:::1]")).text()).contains("(loopback)");
            assertThat(failure(resolver.plan("[0.0.0.0]")).text()).contains("(unspecified)");
            assertThat(addresses(resolver.plan("[192.0.2.1]"))).containsExactly("192.0.2.1");
        }
    }

    @Test
    void staticRoutesAreTheOperatorsChoiceAndNotChecked() {
        try (MxResolver resolver = resolver(dns, DEFAULT, "mta.routes.example.org=[127.0.0.1]:2525",
                "mta.routes.example.net=mx.private.example.com")) {
            assertThat(addresses(resolver.plan("example.org"))).containsExactly("127.0.0.1");
            assertThat(addresses(resolver.plan("example.net"))).containsExactly("10.0.0.1");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback", "10.9.9.9, private", "172.16.0.1, private", "172.31.255.255, private",
            "192.168.0.1, private", "100.64.0.1, shared (carrier-grade NAT)", "100.127.255.255, shared (carrier-grade NAT)",
            "169.254.0.1, link-local", "0.0.0.0, unspecified", "0.1.2.3, unspecified", "224.0.0.1, multicast",
            "255.255.255.255, reserved", "::1, loopback", "::, unspecified", "fe80::1, link-local",
            "fc00::1, private", "fdff::1, private", "ff02::1, multicast", "::10.0.0.1, private"})
    void nonPublicRanges(String address, String kind) {
        assertThat(AllowedNetworks.NONE.refusal(ip(address))).contains(kind);
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.0.2.1",
            "2001:db8::1", "2a00:1450::1", "fbff::1"})
    void publicAddressesPass(String address) {
        assertThat(AllowedNetworks.NONE.refusal(ip(address))).isEmpty();
    }

    @Test
    void allowedNetworksAreCidrs() {
        AllowedNetworks allowed = AllowedNetworks.parse("10.20.0.0/16, fd00::/8,192.168.1.7");
        assertThat(allowed.refusal(ip("10.20.255.1"))).isEmpty();
        assertThat(allowed.refusal(ip("10.21.0.1"))).contains("private");
        assertThat(allowed.refusal(ip("fd12::1"))).isEmpty();
        assertThat(allowed.refusal(ip("192.168.1.7"))).isEmpty();
        assertThat(allowed.refusal(ip("192.168.1.8"))).contains("private");
        assertThatThrownBy(() -> AllowedNetworks.parse("10.0.0.0/33"))
                .hasMessageContaining("mta.outbound.allowed-networks").hasMessageContaining("/33");
        assertThatThrownBy(() -> AllowedNetworks.parse("intranet"))
                .hasMessageStartingWith("mta.outbound.allowed-networks: 'intranet' is not a network");
    }
}
