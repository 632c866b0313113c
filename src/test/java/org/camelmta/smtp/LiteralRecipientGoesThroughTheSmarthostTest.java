package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.ip;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.security.KeyStore;
import java.util.Map;
import org.camelmta.config.Settings;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a smarthost ({@code mta.routes.*}) that wants AUTH, a recipient written as an address
 * literal goes through the smarthost like any other, as through Postfix's relayhost: the
 * smarthost is sent the password (over verified TLS) and takes the mail; the server the literal
 * names sees no connection at all, so it can never be offered the smarthost's password.
 */
class LiteralRecipientGoesThroughTheSmarthostTest {

    private static final TestPki PKI = TestPki.create("camel-mta test CA");

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theSmarthostTakesTheLiteralsMailAndTheLiteralsServerSeesNothing() throws Exception {
        try (SmtpSink smarthost = SmtpSink.builder().bind(ip("127.0.0.1")).tls(PKI.valid("127.0.0.1").serverContext())
                     .credentials("alice", "s3cret").start();
             SmtpSink literal = SmtpSink.builder().bind(ip("127.0.0.2")).tls(PKI.valid("127.0.0.2").serverContext())
                     .credentials("alice", "s3cret").start();
             MxResolver resolver = new MxResolver(ResolverSettings.from(Settings.of(Map.of(
                     "mta.routes.*", "127.0.0.1:" + smarthost.port(),
                     "mta.auth.*.username", "alice",
                     "mta.auth.*.password", "s3cret",
                     "mta.smtp.port", Integer.toString(literal.port())))))) {
            ConnectionPlan plan = (ConnectionPlan) resolver.plan("[127.0.0.2]");

            DeliveryReport report = deliverer.deliver(plan, tx("user@[127.0.0.2]"),
                    options(TlsPolicy.OPPORTUNISTIC).withTrust(ServerTrust.of(trusting(PKI), "test CA")));

            assertThat(report.delivered()).hasSize(1);
            assertThat(smarthost.connections().get(0).authenticatedUser()).isEqualTo("alice");
            assertThat(smarthost.delivered()).singleElement()
                    .satisfies(t -> assertThat(t.recipients()).extracting(org.camelmta.loopback.SinkRecipient::address)
                            .containsExactly("user@[127.0.0.2]"));
            assertThat(literal.connectionCount()).as("the literal's own server").isZero();
        }
    }

    static KeyStore trusting(TestPki pki) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", pki.certificate());
        return store;
    }
}
