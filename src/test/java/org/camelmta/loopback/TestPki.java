package org.camelmta.loopback;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, and server certificates it (or nobody) signs: valid
 * ones for given names and addresses (a name with the prefix {@code dns:} is written as a
 * dNSName even when it reads as an address), expired ones, self-signed ones. EC P-256 keys, so making
 * them takes milliseconds. The CA's certificate can be written as a PEM bundle or a PKCS#12
 * trust store, the two forms {@code mta.tls.trust-store} reads.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final char[] KEY_PASSWORD = "test".toCharArray();

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA named {@code CN=<name>}. */
    public static TestPki create(String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509Certificate cert = sign(subject, keys, subject, keys.getPrivate(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(2)), true, List.of());
        return new TestPki(keys, cert);
    }

    public X509Certificate certificate() {
        return ca;
    }

    /** A server certificate for {@code names} (host names or IP addresses), valid now. */
    public ServerCert valid(String... names) {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), names);
    }

    /** A server certificate for {@code names} that expired yesterday. */
    public ServerCert expired(String... names) {
        Instant now = Instant.now();
        return issue(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), names);
    }

    /** A certificate for {@code names} signed by its own key: no CA vouches for it. */
    public static ServerCert selfSigned(String... names) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + names[0]);
        Instant now = Instant.now();
        X509Certificate cert = sign(subject, keys, subject, keys.getPrivate(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)), false, List.of(names));
        return new ServerCert(keys.getPrivate(), new X509Certificate[] {cert});
    }

    private ServerCert issue(Instant notBefore, Instant notAfter, String... names) {
        KeyPair keys = keyPair();
        X509Certificate cert = sign(new X500Name("CN=" + names[0].replace("dns:", "")), keys, new X500Name(ca.getSubjectX500Principal()
                .getName()), caKeys.getPrivate(), notBefore, notAfter, false, List.of(names));
        return new ServerCert(keys.getPrivate(), new X509Certificate[] {cert, ca});
    }

    /** Writes the CA certificate as a PEM bundle. */
    public Path writePem(Path file) throws IOException {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return Files.writeString(file, pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the CA certificate as a PKCS#12 trust store protected by {@code password}. */
    public Path writePkcs12(Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test-ca", ca);
            store.store(out, password);
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server's key and certificate chain. */
    public record ServerCert(PrivateKey key, X509Certificate[] chain) {

        /** A server TLS context presenting this certificate (for {@link SinkBuilder#tls}). */
        public SSLContext serverContext() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, KEY_PASSWORD, chain);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, KEY_PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
                                        Instant notBefore, Instant notAfter, boolean isCa, List<String> names) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                List<GeneralName> alt = new ArrayList<>();
                for (String n : names) {
                    // "dns:" forces a dNSName entry, even for text that reads as an address
                    alt.add(n.startsWith("dns:") ? new GeneralName(GeneralName.dNSName, n.substring(4))
                            : n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress,
                            InetAddress.getByName(n).getHostAddress()) : new GeneralName(GeneralName.dNSName, n));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alt.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
