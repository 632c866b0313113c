package org.camelmta.dkim;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/** A private key read from a PEM file, with its public half and the algorithm it signs with. */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, DkimAlgorithm algorithm, int bits) {

    /**
     * The {@code p=} value of the DNS record (RFC 6376 §3.6.1): for RSA the DER
     * SubjectPublicKeyInfo, which every verifier reads (what {@code openssl rsa -pubout} writes);
     * for Ed25519 the bare 32-octet public key (RFC 8463 §4), the tail of its SubjectPublicKeyInfo.
     */
    public String dnsPublicKey() {
        byte[] spki = publicKey.getEncoded();
        byte[] p = algorithm == DkimAlgorithm.ED25519_SHA256 ? Arrays.copyOfRange(spki, spki.length - 32, spki.length) : spki;
        return Base64.getEncoder().encodeToString(p);
    }

    /** The TXT record to publish at {@code <selector>._domainkey.<domain>}. */
    public String dnsRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + dnsPublicKey();
    }
}
