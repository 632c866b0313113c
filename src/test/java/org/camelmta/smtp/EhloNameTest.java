package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.camelmta.smtp.EhloName.Kind;
import org.camelmta.smtp.EhloName.Machine;
import org.camelmta.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine's EHLO name: what RFC 5321 §4.1.1.1 takes, what is worked out, what stops the start. */
class EhloNameTest {

    private static final Machine NEVER = null; // a set mta.hostname must not even look at the machine

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mta1.example.com         | DOMAIN
            MTA1.Example.COM         | DOMAIN
            a.b                      | DOMAIN
            bücher.example           | DOMAIN
            [192.0.2.2]              | ADDRESS_LITERAL
            [IPv6:2001:db8::2]       | ADDRESS_LITERAL
            [ipv6:fd00::2]           | ADDRESS_LITERAL
            localhost                | LOCALHOST
            LOCALHOST                | LOCALHOST
            localhost.localdomain    | LOCALHOST
            vm.localdomain           | LOCALHOST
            192.0.2.2                | BARE_IP
            fd00::2                  | BARE_IP
            ::1                      | BARE_IP
            IPv6:2001:db8::2         | BARE_IP
            vm                       | SINGLE_LABEL
            mailhost                 | SINGLE_LABEL
            mail_host.example        | INVALID
            mail host.example        | INVALID
            -bad.example             | INVALID
            example.com.             | INVALID
            [192.0.2]                | INVALID
            [2001:db8::2]            | INVALID
            [192.0.2.2               | INVALID
            """)
    void classifiesNamesAsAStrictReceiverWould(String name, Kind kind) {
        assertThat(EhloName.kind(name)).isEqualTo(kind);
        assertThat(kind.valid()).isEqualTo(kind == Kind.DOMAIN || kind == Kind.ADDRESS_LITERAL);
    }

    @Test
    void aFullyQualifiedCanonicalNameIsTheDefault() throws Exception {
        Machine m = new Machine(List.of("mx1.example.org", "mx1"), List.of(ip("192.0.2.2")));
        assertThat(EhloName.detect(m)).contains("mx1.example.org");
    }

    @Test
    void aFullyQualifiedHostNameIsUsedWhenTheCanonicalNameIsNot() throws Exception {
        // /etc/hosts maps the host name to 127.0.1.1 and the reverse lookup says "localhost".
        Machine m = new Machine(List.of("localhost", "mx1.example.org"), List.of(ip("192.0.2.2")));
        assertThat(EhloName.detect(m)).contains("mx1.example.org");
    }

    @Test
    void aSingleLabelHostGreetsWithAnAddressLiteralOfItsPrimaryAddress() throws Exception {
        // This very machine: hostname "vm", canonical name "localhost", eth0 192.0.2.2 and fd00::2.
        Machine m = new Machine(List.of("localhost", "vm"),
                List.of(ip("127.0.0.1"), ip("fe80::fc:ff:fe00:1"), ip("fd00::2"), ip("192.0.2.2")));
        assertThat(EhloName.detect(m)).contains("[192.0.2.2]");
    }

    @Test
    void anIpv6OnlyHostGreetsWithAnIpv6LiteralNeverALinkLocalOne() throws Exception {
        Machine m = new Machine(List.of("vm"), List.of(ip("::1"), ip("fe80::1"), ip("2001:db8:0:0:1:0:0:2")));
        assertThat(EhloName.detect(m)).contains("[IPv6:2001:db8::1:0:0:2]");
    }

    @Test
    void aBareIpReverseNameIsNotTakenForAName() throws Exception {
        Machine m = new Machine(List.of("192.0.2.2", "vm"), List.of(ip("192.0.2.2")));
        assertThat(EhloName.detect(m)).contains("[192.0.2.2]");
    }

    @Test
    void aLoopbackOnlyHostHasNoName() throws Exception {
        Machine m = new Machine(List.of("localhost", "vm"), List.of(ip("127.0.0.1"), ip("::1"), ip("fe80::1")));
        assertThat(EhloName.detect(m)).isEmpty();
        assertThatThrownBy(() -> EhloName.forEngine(Settings.of(Map.of()), () -> m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mta.hostname: not set")
                .hasMessageContaining("[localhost, vm]");
    }

    @Test
    void literalsFollowRfc5321() throws Exception {
        assertThat(EhloName.literal(ip("192.0.2.2"))).isEqualTo("[192.0.2.2]");
        assertThat(EhloName.literal(ip("fd00:0:0:0:0:0:0:2"))).isEqualTo("[IPv6:fd00::2]");
        assertThat(EhloName.literal(ip("2001:db8:1:2:3:4:5:6"))).isEqualTo("[IPv6:2001:db8:1:2:3:4:5:6]");
        assertThat(EhloName.literal(ip("2001:db8:0:1:0:0:0:0"))).isEqualTo("[IPv6:2001:db8:0:1::]");
        assertThat(EhloName.literal(ip("0:0:0:0:0:0:0:0"))).isEqualTo("[IPv6:::]");
        assertThat(EhloName.kind(EhloName.literal(ip("2001:db8:0:1:0:0:0:0")))).isEqualTo(Kind.ADDRESS_LITERAL);
    }

    @Test
    void anExplicitNameIsKeptEvenWhereAStrictReceiverWouldRefuseIt() {
        for (String name : List.of("localhost", "vm", "192.0.2.2", "mx1.example.org", "[192.0.2.2]")) {
            assertThat(EhloName.forEngine(Settings.of(Map.of("mta.hostname", name)), () -> NEVER)).isEqualTo(name);
        }
        assertThat(EhloName.forEngine(Settings.of(Map.of("mta.hostname", " MX1.Example.ORG ")), () -> NEVER))
                .isEqualTo("mx1.example.org");
        assertThat(EhloName.forEngine(Settings.of(Map.of("mta.hostname", "bücher.example")), () -> NEVER))
                .isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void anExplicitNameThatIsNoNameAtAllStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> EhloName.forEngine(Settings.of(Map.of("mta.hostname", "mail_host.example")), () -> NEVER))
                .hasMessageStartingWith("mta.hostname: 'mail_host.example' is neither a domain name nor an address literal");
        assertThatThrownBy(() -> EhloName.forEngine(Settings.of(Map.of("mta.hostname", "mx.example.org",
                "mta.connection.bulk.ehlo-hostname", "bulk mx")), () -> NEVER))
                .hasMessageStartingWith("mta.connection.bulk.ehlo-hostname: 'bulk mx'");
        assertThatThrownBy(() -> EhloName.forEngine(Settings.of(Map.of("mta.hostname", "mx.example.org",
                "mta.source-ip.192.0.2.21.ehlo-hostname", "[2001:db8::1]")), () -> NEVER))
                .hasMessageStartingWith("mta.source-ip.192.0.2.21.ehlo-hostname: '[2001:db8::1]'");
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text); // literals only: never a lookup
    }
}
