package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.security.KeyStore;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS policy {@code require} is Postfix's {@code verify}: the MX host's certificate must chain to
 * the trust store and name the host, or the mail is deferred (451 4.7.5) before MAIL. Opportunistic
 * TLS without credentials stays unverified: the same wrong-name certificate takes the mail.
 */
class RequiredTlsVerifiesTheCertificateTest {

    private static final TestPki PKI = TestPki.create("camel-mta test CA");
    private static ServerTrust trust;

    private final SmtpDeliverer deliverer = deliverer();

    @BeforeAll
    static void trustTheTestCa() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", PKI.certificate());
        trust = ServerTrust.of(store, "test CA");
    }

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void aCertificateForTheMxHostTakesTheMail() throws Exception {
        try (SmtpSink sink = SmtpSink.builder().tls(PKI.valid("mx.example.com").serverContext()).start()) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx.example.com", sink)), tx("rcpt@example.com"),
                    options(TlsPolicy.REQUIRE).withTrust(trust));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
        }
    }

    @Test
    void aCertificateForAnotherHostIsDeferredBeforeMail() throws Exception {
        try (SmtpSink sink = SmtpSink.builder().tls(PKI.valid("mx.other.test").serverContext()).start()) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx.example.com", sink)), tx("rcpt@example.com"),
                    options(TlsPolicy.REQUIRE).withTrust(trust));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().enhancedStatus()).isEqualTo("4.7.5");
            assertThat(result.reply().text()).contains("not verified", "[mx.other.test], not mx.example.com");
            assertThat(wire(sink)).doesNotContain("MAIL FROM");
            assertThat(sink.connectionCount()).as("no retry in clear").isEqualTo(1);
        }
    }

    @Test
    void opportunisticTlsStillTakesAnyCertificate() throws Exception {
        try (SmtpSink sink = SmtpSink.builder().tls(TestPki.selfSigned("mx.other.test").serverContext()).start()) {
            DeliveryReport report = deliverer.deliver(plan(hop("mx.example.com", sink)), tx("rcpt@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC).withTrust(trust));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
        }
    }
}
