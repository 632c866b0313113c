package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.hop;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.security.KeyStore;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cached session whose certificate was verified for one name is not handed to a delivery that
 * expects another name at the same address: that delivery connects afresh and its own check
 * fails. Nor does an unverified (opportunistic) session serve a delivery that requires TLS.
 */
class VerifiedSessionIsReusedOnlyForTheNameItProvedTest {

    private static final TestPki PKI = TestPki.create("camel-mta test CA");

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void anotherNameAtTheSameAddressMustProveItself() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", PKI.certificate());
        DeliveryOptions required = options(TlsPolicy.REQUIRE).withTrust(ServerTrust.of(store, "test CA"));
        try (SmtpSink sink = SmtpSink.builder().tls(PKI.valid("mx.a.test").serverContext()).start()) {
            DeliveryReport unverified = deliverer.deliver(plan(hop("mx.b.test", sink)), tx("first@b.test"),
                    options(TlsPolicy.OPPORTUNISTIC));
            DeliveryReport a = deliverer.deliver(plan(hop("mx.a.test", sink)), tx("rcpt@a.test"), required);
            DeliveryReport b = deliverer.deliver(plan(hop("mx.b.test", sink)), tx("rcpt@b.test"), required);

            assertThat(unverified.delivered()).hasSize(1);
            assertThat(a.delivered()).as("not on the opportunistic session: a new, verified one").hasSize(1);
            assertThat(a.connections()).singleElement().satisfies(c -> assertThat(c.reused()).isFalse());
            assertThat(b.recipients().get(0).reply().enhancedStatus()).isEqualTo("4.7.5");
            assertThat(sink.connectionCount()).isEqualTo(3);
            assertThat(sink.delivered()).hasSize(2);
        }
    }
}
