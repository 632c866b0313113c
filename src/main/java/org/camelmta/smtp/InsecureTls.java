package org.camelmta.smtp;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client context for MX delivery: the handshake accepts any certificate, as every MTA
 * does by default for opportunistic TLS (Postfix {@code smtp_tls_security_level=may}). An MX
 * host name comes from unauthenticated DNS, so checking the certificate against it would stop
 * passive eavesdropping no better and would fail against the many servers with self-signed
 * certificates. Where a certificate must be verified (a relay with credentials, TLS required),
 * {@link SmtpSession} checks it with {@link ServerTrust} right after this handshake, before
 * anything is sent over it.
 */
public final class InsecureTls {

    private static final SSLSocketFactory FACTORY = create();

    private InsecureTls() {
    }

    public static SSLSocketFactory socketFactory() {
        return FACTORY;
    }

    private static SSLSocketFactory create() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAll()}, new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // unauthenticated opportunistic TLS, see the class comment
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
