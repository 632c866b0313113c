package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.camelmta.config.Settings;
import org.camelmta.loopback.TestPki;
import org.camelmta.smtp.InsecureTls;
import org.camelmta.smtp.ServerIdentity;
import org.camelmta.smtp.ServerTrust;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mta.tls.trust-store} replaces the JDK's trust store with a PEM bundle of CA certificates
 * or a PKCS#12 file ({@code mta.tls.trust-store-password}): a server certificate from those CAs
 * is verified, one from the JDK's CAs' world is not. A file that cannot be read as either stops
 * the start with a message naming the key.
 */
class TrustStoreSettingTest {

    private static final TestPki OURS = TestPki.create("our relay CA");
    private static final TestPki THEIRS = TestPki.create("another CA");

    @TempDir
    Path dir;

    @Test
    void aPemBundleReplacesTheJdksTrustStore() throws Exception {
        Path pem = dir.resolve("cas.pem");
        OURS.writePem(dir.resolve("ours.pem"));
        THEIRS.writePem(dir.resolve("theirs.pem"));
        Files.writeString(pem, Files.readString(dir.resolve("theirs.pem")) + Files.readString(dir.resolve("ours.pem")));

        ServerTrust trust = MtaConfiguration.serverTrust(settings("mta.tls.trust-store", pem.toString()));

        assertThat(whyNot(trust, OURS.valid("relay.example.test"))).isNull();
        assertThat(whyNot(trust, TestPki.create("a third CA").valid("relay.example.test"))).contains("not trusted");
    }

    @Test
    void aPkcs12FileOpensWithItsPassword() throws Exception {
        Path p12 = OURS.writePkcs12(dir.resolve("cas.p12"), "storepass".toCharArray());

        ServerTrust trust = MtaConfiguration.serverTrust(settings("mta.tls.trust-store", p12.toString(),
                "mta.tls.trust-store-password", "storepass"));

        assertThat(whyNot(trust, OURS.valid("relay.example.test"))).isNull();
        assertThatThrownBy(() -> MtaConfiguration.serverTrust(settings("mta.tls.trust-store", p12.toString(),
                "mta.tls.trust-store-password", "wrong")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("mta.tls.trust-store: ");
    }

    @Test
    void withoutTheSettingTheJdksTrustStoreIsUsed() throws Exception {
        ServerTrust trust = MtaConfiguration.serverTrust(settings());

        assertThat(trust).isSameAs(ServerTrust.jdkDefault());
        assertThat(whyNot(trust, OURS.valid("relay.example.test"))).contains("not trusted", "the JDK's trust store");
    }

    @Test
    void aBadTrustStoreNamesTheKey() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

        for (Path bad : new Path[] {dir.resolve("missing.pem"), garbage, empty}) {
            assertThatThrownBy(() -> MtaConfiguration.serverTrust(settings("mta.tls.trust-store", bad.toString())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("mta.tls.trust-store: ")
                    .hasMessageContaining(bad.toString());
        }
    }

    @Test
    void anEngineWithABadTrustStoreStopsAtStartNamingTheKey() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> TestEngine.builder(dir.resolve("data")).set("mta.tls.trust-store", missing.toString())
                .start().close())
                .satisfies(e -> assertThat(messages(e)).contains("mta.tls.trust-store: ").contains(missing.toString()));
        assertThat(dir.resolve("data").resolve("broker")).as("stopped before the broker started").doesNotExist();
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static Settings settings(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(map);
    }

    /** A real TLS handshake with a server presenting {@code cert}, then the check for relay.example.test. */
    private static String whyNot(ServerTrust trust, TestPki.ServerCert cert) throws Exception {
        SSLContext server = cert.serverContext();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept(); InputStream in = s.getInputStream()) {
                    s.setSoTimeout(5_000);
                    s.startHandshake();
                    in.read(); // until the client closes
                } catch (Exception ignored) {
                    // the client closing ends it
                }
            });
            SSLSession session;
            try (SSLSocket client = (SSLSocket) InsecureTls.socketFactory().createSocket(
                    InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(5_000);
                client.startHandshake();
                session = client.getSession();
                return trust.whyNotVerified(session, ServerIdentity.named("relay.example.test"));
            } finally {
                accepted.get(5, TimeUnit.SECONDS);
            }
        }
    }
}
