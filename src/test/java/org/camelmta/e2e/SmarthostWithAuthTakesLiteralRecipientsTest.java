package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.TestPki;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as configured for a smarthost that wants AUTH ({@code mta.routes.*},
 * {@code mta.auth.*.*}, the relay's CA in {@code mta.tls.trust-store}), fed over JMS: mail to an
 * address literal goes through the smarthost, which is sent the password over verified TLS;
 * the server the literal names sees no connection. A smarthost whose certificate the trust
 * store does not vouch for is never sent the password: the mail is deferred, saying why.
 */
class SmarthostWithAuthTakesLiteralRecipientsTest {

    private static final TestPki PKI = TestPki.create("smarthost CA");

    @TempDir
    Path dir;

    @Test
    void aLiteralRecipientIsRelayedThroughTheAuthenticatedSmarthost() throws Exception {
        // 127.0.0.2: the smarthost; 127.0.0.3: the server the literal names, as ready to take AUTH.
        try (Sinks sinks = Sinks.eachOnLoopback(2, (i, b) -> b.tls(PKI.valid("127.0.0." + (i + 2)).serverContext())
                .credentials("relay-user", "relay-secret"));
             TestEngine engine = smarthostEngine(sinks, PKI.writePem(dir.resolve("ca.pem")));
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            submit(engine, "user@[127.0.0.3]");

            DeliveryEvent delivered = events.await("delivered", "user@[127.0.0.3]", Duration.ofSeconds(20));
            assertThat(delivered.ip()).isEqualTo("127.0.0.2");
            assertThat(sinks.get(0).connections().get(0).authenticatedUser()).isEqualTo("relay-user");
            assertThat(sinks.get(0).delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
            assertThat(sinks.get(1).connectionCount()).as("the literal's own server").isZero();
        }
    }

    @Test
    void aSmarthostWithAnUnverifiedCertificateNeverSeesThePassword() throws Exception {
        try (Sinks sinks = Sinks.onLoopback(1, b -> b.tls(TestPki.selfSigned("127.0.0.2").serverContext())
                .credentials("relay-user", "relay-secret"));
             TestEngine engine = smarthostEngine(sinks, PKI.writePem(dir.resolve("ca.pem")));
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            submit(engine, "someone@example.net");

            DeliveryEvent deferred = events.await("deferred", "someone@example.net", Duration.ofSeconds(20));
            assertThat(deferred.enhancedCode()).isEqualTo("4.7.5");
            assertThat(deferred.response()).contains("certificate", "not verified");
            assertThat(sinks.get(0).connections()).allSatisfy(c -> assertThat(c.authenticatedUser()).isNull());
            assertThat(sinks.get(0).transactions()).isEmpty();
        }
    }

    private TestEngine smarthostEngine(Sinks sinks, Path trustStore) throws Exception {
        return TestEngine.builder(dir.resolve("data"))
                .set("mta.routes.*", "[127.0.0.2]:" + sinks.port())
                .set("mta.auth.*.username", "relay-user")
                .set("mta.auth.*.password", "relay-secret")
                .set("mta.tls.trust-store", trustStore.toString())
                .smtpPort(sinks.port())
                .start();
    }

    private static void submit(TestEngine engine, String recipient) throws Exception {
        engine.jms().send("mta.submit", Mail.simple("a@example.com", recipient, "via smarthost", "x\r\n"),
                Map.of("mtaSender", "a@example.com", "mtaRecipients", recipient));
    }
}
