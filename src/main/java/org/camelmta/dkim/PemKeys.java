package org.camelmta.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads DKIM private keys from PEM files as {@code openssl} writes them: PKCS#8
 * ({@code BEGIN PRIVATE KEY}, RSA or Ed25519) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, RSA).
 * The JDK reads PKCS#8 only, so a PKCS#1 key is wrapped into PKCS#8 here (RFC 5208 §5); no
 * library is added for that one DER header.
 */
public final class PemKeys {

    /** RFC 8301 §3.2: at least 1024 bits; more than 4096 is not required of verifiers. */
    public static final int MIN_RSA_BITS = 1024;
    public static final int MAX_RSA_BITS = 4096;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ((?:RSA )?PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeys() {
    }

    /** @throws IllegalArgumentException saying what is wrong with the file */
    public static SigningKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
        return parse(text);
    }

    /** @throws IllegalArgumentException saying what is wrong with the PEM text */
    public static SigningKey parse(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)"
                    + (pem.contains("ENCRYPTED") ? "; encrypted keys are not supported" : ""));
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in PEM key", e);
        }
        try {
            if (m.group(1).startsWith("RSA")) {
                return rsa(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der))));
            }
            return pkcs8(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable RSA or Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static SigningKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        PrivateKey rsa;
        try {
            rsa = KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            try {
                return ed25519(KeyFactory.getInstance("Ed25519").generatePrivate(spec));
            } catch (GeneralSecurityException notEd25519) {
                throw new GeneralSecurityException("neither RSA nor Ed25519 (" + notEd25519.getMessage() + ")");
            }
        }
        return rsa(rsa);
    }

    private static SigningKey rsa(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("RSA key without its public exponent (not CRT form)");
        }
        int bits = crt.getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw new GeneralSecurityException("RSA key of " + bits + " bits; DKIM needs " + MIN_RSA_BITS + " to "
                    + MAX_RSA_BITS + " (RFC 8301 section 3.2; 2048 recommended)");
        }
        var pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new SigningKey(key, pub, DkimAlgorithm.RSA_SHA256, bits);
    }

    private static SigningKey ed25519(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new GeneralSecurityException("no key bytes"));
        // The JDK has no call that derives an Ed25519 public key from the private one (openssl's
        // PKCS#8 files carry only the private seed). Its key pair generator draws the 32-octet
        // seed from the SecureRandom it is given (RFC 8032 §5.1.5), so given this seed it
        // computes this key's public half.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        return new SigningKey(key, pair.getPublic(), DkimAlgorithm.ED25519_SHA256, 256);
    }

    /** PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Hands out the given seed, for {@link #ed25519}. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
