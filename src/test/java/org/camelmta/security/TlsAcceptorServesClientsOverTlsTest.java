package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With mta.broker.tls.key-store set, the acceptor speaks TLS: a client that trusts the broker's
 * certificate submits over TLS and the mail is delivered; a plain client is not served.
 * The key store is made for the test by the JDK's keytool (nothing secret is committed).
 */
class TlsAcceptorServesClientsOverTlsTest {

    @TempDir
    Path dir;

    @Test
    void submitterSubmitsOverTlsAndPlainClientsAreNotServed() throws Exception {
        Path keyStore = dir.resolve("broker.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "test-only", "-keypass", "test-only")).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("data"))
                     .set("mta.routes.*", "[127.0.0.2]:" + sinks.port())
                     .set("mta.broker.tls.key-store", keyStore.toString())
                     .set("mta.broker.tls.key-store-password", "test-only").start()) {
            String url = engine.runtime().brokerUrl();
            assertThat(url).endsWith("?sslEnabled=true");
            BrokerCredentials submitter = engine.login(BrokerRole.SUBMITTER);

            String trusted = url + ";trustStorePath=" + keyStore + ";trustStorePassword=test-only;trustStoreType=PKCS12";
            try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(trusted, submitter.user(), submitter.password());
                 Connection c = cf.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                var m = s.createBytesMessage();
                m.writeBytes(Mail.simple("a@example.com", "tls@example.net", "tls", "x\r\n"));
                m.setStringProperty("mtaSender", "a@example.com");
                m.setStringProperty("mtaRecipients", "tls@example.net");
                s.createProducer(s.createQueue("mta.submit")).send(m);
            }
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();

            String plain = url.replace("?sslEnabled=true", "");
            try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(plain, submitter.user(), submitter.password())) {
                cf.setInitialConnectAttempts(1);
                cf.setCallTimeout(5_000);
                assertThatThrownBy(() -> cf.createConnection().close()).isInstanceOf(JMSException.class);
            }
        }
    }
}
