package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.security.KeyStore;
import java.util.function.Supplier;
import org.camelmta.dns.Hop;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.dns.StaticRoute;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A relay (a static route with credentials) is sent the password only once its certificate
 * chains to the trust store and names the route's host, or the address the route names. A relay
 * with a self-signed, wrong-name, expired or unknown-CA certificate never sees AUTH, nor
 * anything else inside TLS: the mail is deferred with 451 4.7.5 saying why, on that one
 * connection (no retry in clear, where the password could not go either).
 */
class RelayPasswordGoesOnlyToAVerifiedRelayTest {

    private static final TestPki PKI = TestPki.create("camel-mta test CA");
    private static final RelayCredentials ALICE = new RelayCredentials("alice", "s3cret");

    /** The relay's certificate, and the route it is reached by (the name in it, or an address). */
    enum Relay {
        NAMED_AS_ROUTED(true, () -> PKI.valid("relay.example.test"), "[relay.example.test]", null),
        ADDRESS_AS_ROUTED(true, () -> PKI.valid("127.0.0.1"), null, null),
        WILDCARD_FOR_ROUTED_NAME(true, () -> PKI.valid("*.example.test"), "[relay.example.test]", null),
        SELF_SIGNED(false, () -> TestPki.selfSigned("relay.example.test"), "[relay.example.test]", "not trusted"),
        OTHER_CA(false, () -> TestPki.create("someone else's CA").valid("relay.example.test"),
                "[relay.example.test]", "not trusted"),
        WRONG_NAME(false, () -> PKI.valid("mx.elsewhere.test"), "[relay.example.test]", "not relay.example.test"),
        NAME_WHERE_ROUTE_NAMES_AN_ADDRESS(false, () -> PKI.valid("relay.example.test"), null, "not 127.0.0.1"),
        EXPIRED(false, () -> PKI.expired("relay.example.test"), "[relay.example.test]", "has expired");

        final boolean verified;
        final Supplier<TestPki.ServerCert> cert;
        final String routeHost;
        final String reason;

        Relay(boolean verified, Supplier<TestPki.ServerCert> cert, String routeHost, String reason) {
            this.verified = verified;
            this.cert = cert;
            this.routeHost = routeHost;
            this.reason = reason;
        }

        /** The plan {@code mta.routes.example.com=<route>} and {@code mta.auth.example.com.*} make. */
        org.camelmta.dns.ConnectionPlan plan(SmtpSink sink) {
            StaticRoute route = routeHost == null
                    ? StaticRoute.parse(sink.address().getHostAddress() + ":" + sink.port(), 25)
                    : StaticRoute.parse(routeHost + ":" + sink.port(), 25);
            route = route.withCredentials(ALICE);
            String host = routeHost == null ? route.host() : "relay.example.test";
            return SmtpTestSupport.plan(new Hop(host, 0, sink.address(), sink.port(), false, route));
        }
    }

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest
    @EnumSource(Relay.class)
    void thePasswordGoesOnlyToAVerifiedRelay(Relay relay) throws Exception {
        try (SmtpSink sink = SmtpSink.builder().tls(relay.cert.get().serverContext())
                .credentials(ALICE.username(), ALICE.password()).start()) {
            DeliveryReport report = deliverer.deliver(relay.plan(sink), tx("rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC).withTrust(ServerTrust.of(trusting(PKI), "test CA")));

            if (relay.verified) {
                assertThat(report.delivered()).hasSize(1);
                assertThat(sink.connections().get(0).authenticatedUser()).isEqualTo("alice");
                return;
            }
            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().code()).isEqualTo(451);
            assertThat(result.reply().enhancedStatus()).isEqualTo("4.7.5");
            assertThat(result.reply().text()).contains("certificate", "not verified", relay.reason);
            assertThat(result.phase()).isEqualTo(Phase.STARTTLS);
            assertThat(sink.connectionCount()).as("no retry in clear").isEqualTo(1);
            assertThat(sink.connections().get(0).authenticatedUser()).isNull();
            assertThat(wire(sink)).doesNotContain("AUTH").doesNotContain("MAIL FROM");
            assertThat(sink.transactions()).isEmpty();
        }
    }

    private static KeyStore trusting(TestPki pki) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", pki.certificate());
        return store;
    }
}
