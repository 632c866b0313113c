package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.ip;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

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
 * Without a smarthost, a recipient written as an address literal is delivered to the server it
 * names, which is nobody's relay: even when it offers AUTH and TLS with a certificate the trust
 * store accepts, it is never sent the credentials configured for a route (here
 * {@code mta.routes.example.com} with {@code mta.auth.example.com.*}). The mail goes unauthenticated.
 */
class LiteralRecipientNeverSeesRelayPasswordTest {

    private static final TestPki PKI = TestPki.create("camel-mta test CA");

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theLiteralsServerGetsTheMailWithoutAuth() throws Exception {
        try (SmtpSink relay = SmtpSink.builder().bind(ip("127.0.0.1")).tls(PKI.valid("127.0.0.1").serverContext())
                     .credentials("alice", "s3cret").start();
             SmtpSink literal = SmtpSink.builder().bind(ip("127.0.0.2")).tls(PKI.valid("127.0.0.2").serverContext())
                     .credentials("alice", "s3cret").start();
             MxResolver resolver = new MxResolver(ResolverSettings.from(Settings.of(Map.of(
                     "mta.routes.example.com", "127.0.0.1:" + relay.port(),
                     "mta.auth.example.com.username", "alice",
                     "mta.auth.example.com.password", "s3cret",
                     "mta.smtp.port", Integer.toString(literal.port()),
                     // the literal's server is on loopback, refused by default as non-public
                     "mta.outbound.allowed-networks", "127.0.0.0/8"))))) {
            ConnectionPlan plan = (ConnectionPlan) resolver.plan("[127.0.0.2]");

            DeliveryReport report = deliverer.deliver(plan, tx("user@[127.0.0.2]"), options(TlsPolicy.OPPORTUNISTIC)
                    .withTrust(ServerTrust.of(LiteralRecipientGoesThroughTheSmarthostTest.trusting(PKI), "test CA")));

            assertThat(report.delivered()).hasSize(1);
            assertThat(literal.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
            assertThat(wire(literal)).contains("EHLO").doesNotContain("AUTH");
            assertThat(literal.connections().get(0).authenticatedUser()).isNull();
            assertThat(relay.connectionCount()).isZero();
        }
    }
}
