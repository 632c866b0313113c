package org.camelmta.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a relay's (or a TLS-required server's) certificate must chain
 * to, and the check itself: the chain against these anchors (PKIX, validity, server-auth use),
 * then the name against the {@link ServerIdentity} the configuration expects. By default the
 * JDK's own trust store; {@code mta.tls.trust-store} replaces it with a PEM bundle of CA
 * certificates or a PKCS#12 file.
 *
 * <p>The check runs after the handshake, before anything else is said on the connection, so
 * opportunistic TLS keeps working with any certificate while a hop that must be verified is
 * never sent credentials or mail on an unverified connection.
 */
public final class ServerTrust {

    private static volatile ServerTrust jdkDefault;

    private final X509TrustManager trust;
    private final String source;

    private ServerTrust(X509TrustManager trust, String source) {
        this.trust = trust;
        this.source = source;
    }

    /** The JDK's trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore} when set). */
    public static ServerTrust jdkDefault() {
        ServerTrust t = jdkDefault;
        if (t == null) {
            t = new ServerTrust(trustManager(null), "the JDK's trust store");
            jdkDefault = t;
        }
        return t;
    }

    /** The certificates of {@code anchors} (trusted certificate entries, and key entries' own certificates). */
    public static ServerTrust of(KeyStore anchors, String source) {
        return new ServerTrust(trustManager(anchors), source);
    }

    /**
     * Reads a trust store file: a PEM bundle ({@code -----BEGIN CERTIFICATE-----} blocks), or
     * else a PKCS#12 file opened with {@code password} (null for none).
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static ServerTrust load(Path file, char[] password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            KeyStore store = new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN")
                    ? fromPem(bytes, file) : fromPkcs12(bytes, password, file);
            if (store.size() == 0) {
                throw new IllegalArgumentException(file + " holds no certificates");
            }
            return of(store, file.toString());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(file + " is neither a PEM bundle of certificates nor a PKCS#12 file"
                    + " this password opens: " + e.getMessage(), e);
        }
    }

    /**
     * Why the server at the other end of {@code session} is not the one {@code expected}; null
     * when its certificate chains to a trusted authority and names {@code expected}.
     */
    public String whyNotVerified(SSLSession session, ServerIdentity expected) {
        X509Certificate[] chain;
        try {
            Certificate[] peer = session.getPeerCertificates();
            chain = new X509Certificate[peer.length];
            for (int i = 0; i < peer.length; i++) {
                chain[i] = (X509Certificate) peer[i];
            }
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return "it presented no X.509 certificate";
        }
        if (chain.length == 0) {
            return "it presented no certificate";
        }
        try {
            trust.checkServerTrusted(chain, authType(session));
        } catch (CertificateException | IllegalArgumentException e) {
            String why = causeOf(e, CertificateExpiredException.class) ? "has expired"
                    : causeOf(e, CertificateNotYetValidException.class) ? "is not valid yet" : "is not trusted";
            return "its certificate " + why + " (" + rootMessage(e) + "; trust store: " + source + ")";
        }
        if (!expected.matches(chain[0])) {
            return "its certificate names " + ServerIdentity.subjectAltNames(chain[0]) + ", not " + expected;
        }
        return null;
    }

    @Override
    public String toString() {
        return "ServerTrust[" + source + "]";
    }

    // What JSSE's own trust check is told: the key exchange of a TLS 1.2 suite
    // (TLS_ECDHE_RSA_WITH_... -> ECDHE_RSA), or UNKNOWN for TLS 1.3, whose suites name none.
    private static String authType(SSLSession session) {
        String suite = session.getCipherSuite();
        int with = suite.indexOf("_WITH_");
        if (with < 0 || !suite.startsWith("TLS_")) {
            return "UNKNOWN";
        }
        return suite.substring(4, with).toUpperCase(Locale.ROOT);
    }

    private static KeyStore fromPem(byte[] bytes, Path file) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    private static KeyStore fromPkcs12(byte[] bytes, char[] password, Path file) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(bytes), password);
        return store;
    }

    private static X509TrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this JVM");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable trust store: " + e.getMessage(), e);
        }
    }

    private static boolean causeOf(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
