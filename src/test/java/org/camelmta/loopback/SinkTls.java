package org.camelmta.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS contexts for tests: the server side from the self-signed {@code tls/localhost.p12}
 * (CN=localhost, SAN localhost, 127.0.0.1, ::1), and client sides that trust it or anything.
 */
public final class SinkTls {

    private static final String KEYSTORE = "/tls/localhost.p12";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private SinkTls() {
    }

    /** A server context presenting the test certificate. */
    public static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts the test certificate and nothing else. */
    public static SSLContext trustingClientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts any certificate, as opportunistic SMTP TLS does. */
    public static SSLContext trustAllClientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The test certificate as a trust store: its self-signed certificate is its own trust anchor,
     * so a client verifying with it accepts the sink for localhost, 127.0.0.1 and ::1 only.
     */
    public static KeyStore trustStore() {
        try {
            return keyStore();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore keyStore() throws GeneralSecurityException {
        try (InputStream in = SinkTls.class.getResourceAsStream(KEYSTORE)) {
            if (in == null) {
                throw new IllegalStateException(KEYSTORE + " is not on the test classpath");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusts everything, by design
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusts everything, by design
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
