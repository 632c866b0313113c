package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.relayPlan;
import static org.camelmta.smtp.SmtpTestSupport.sinkTrust;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay (a static route's host, with credentials) that wants AUTH gets PLAIN (or LOGIN when
 * that is all it offers), inside TLS whose certificate was verified, and takes the mail.
 */
class RelayAuthenticationOverTlsTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @ParameterizedTest(name = "AUTH {0}")
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void theRelayAuthenticatesTheUser(String mechanism) throws IOException {
        SinkBuilder builder = SmtpSink.builder().tls(SinkTls.serverContext()).credentials("alice", "s3cret");
        if (mechanism.equals("LOGIN")) {
            builder.without("AUTH").advertise("AUTH LOGIN");
        }
        try (SmtpSink sink = builder.start()) {
            DeliveryReport report = deliverer.deliver(relayPlan(sink, new RelayCredentials("alice", "s3cret")),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC).withTrust(sinkTrust()));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.connections().get(0).authenticatedUser()).isEqualTo("alice");
            assertThat(wire(sink)).contains("AUTH " + mechanism);
            assertThat(sink.delivered()).singleElement().satisfies(t -> assertThat(t.tls()).isTrue());
        }
    }
}
