package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import org.camelmta.loopback.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6125 §6.4 as RFC 7817 applies it to SMTP, table-driven: subjectAltName only, a wildcard
 * as the whole left-most label standing for exactly one label and never over a bare suffix, IP
 * addresses only against iPAddress entries, and a route to a host's MX records accepting names
 * under that host (Postfix's dot-nexthop).
 */
class CertificateNameMatchingTest {

    private static final TestPki PKI = TestPki.create("matching CA");

    static Stream<Arguments> cases() {
        return Stream.of(
                row("relay.example.test", false, "relay.example.test", true),
                row("RELAY.Example.Test.", false, "relay.example.test", true),
                row("relay.example.test", false, "RELAY.EXAMPLE.TEST", true),
                row("relay.example.test", false, "other.example.test", false),
                row("relay.example.test", false, "*.example.test", true),
                row("a.relay.example.test", false, "*.example.test", false),
                row("example.test", false, "*.example.test", false),
                row("relay.example.test", false, "*.test", false),
                row("relay.example.test", false, "r*.example.test", false),
                row("relay.example.test", false, "mx.relay.example.test", false),
                row("relay.example.test", true, "mx.relay.example.test", true),
                row("relay.example.test", true, "*.relay.example.test", true),
                row("relay.example.test", true, "relay.example.test", true),
                row("relay.example.test", true, "badrelay.example.test", false),
                row("relay.example.test", true, "example.test", false),
                row("192.0.2.7", false, "192.0.2.7", true),
                row("192.0.2.7", false, "192.0.2.8", false),
                row("192.0.2.7", false, "dns:192.0.2.7", false),
                row("::1", false, "::1", true),
                row("::1", false, "0:0:0:0:0:0:0:1", true),
                row("relay.example.test", false, "192.0.2.7", false));
    }

    private static Arguments row(String expected, boolean subdomains, String inCertificate, boolean matches) {
        return Arguments.of(expected, subdomains, inCertificate, matches);
    }

    @ParameterizedTest(name = "{0} (subdomains {1}) against SAN {2}: {3}")
    @MethodSource("cases")
    void theCertificateNamesTheServerOrNot(String expected, boolean subdomains, String inCertificate, boolean matches)
            throws Exception {
        X509Certificate cert = PKI.valid(inCertificate).chain()[0];
        ServerIdentity identity = expected.matches("[0-9.]+|.*:.*")
                ? ServerIdentity.at(InetAddress.getByName(expected))
                : new ServerIdentity(expected, null, subdomains);

        assertThat(identity.matches(cert)).isEqualTo(matches);
    }
}
