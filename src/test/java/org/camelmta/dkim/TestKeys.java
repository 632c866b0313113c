package org.camelmta.dkim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/** Keys made for a test run (none is committed), written as PEM files the way openssl does. */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** {@code BEGIN PRIVATE KEY}, as {@code openssl genpkey} writes. */
    static String pkcs8Pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** {@code BEGIN RSA PRIVATE KEY}, as {@code openssl genrsa} (before 3.0) writes. */
    static String pkcs1Pem(KeyPair pair) {
        return pem("RSA PRIVATE KEY", pkcs1(pair.getPrivate().getEncoded()));
    }

    static Path write(Path dir, String name, String pem) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    private static byte[] pkcs1(byte[] pkcs8) {
        int i = skipHeader(pkcs8, 0); // into the outer SEQUENCE
        i = skipWhole(pkcs8, i);      // version
        i = skipWhole(pkcs8, i);      // AlgorithmIdentifier
        int start = skipHeader(pkcs8, i);
        return Arrays.copyOfRange(pkcs8, start, pkcs8.length);
    }

    private static int skipHeader(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        return at + 2 + (len < 0x80 ? 0 : len & 0x7f);
    }

    private static int skipWhole(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        int length = first;
        if (first >= 0x80) {
            length = 0;
            for (int k = 0; k < (first & 0x7f); k++) {
                length = (length << 8) | (der[at + 2 + k] & 0xff);
            }
        }
        return skipHeader(der, at) + length;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
