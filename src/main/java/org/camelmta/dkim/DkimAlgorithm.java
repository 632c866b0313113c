package org.camelmta.dkim;

/**
 * The signing algorithms camel-mta writes: RSA-SHA256 (RFC 6376 §3.3.1; rsa-sha1 is obsolete,
 * RFC 8301) and Ed25519-SHA256 (RFC 8463). The algorithm is read from the key, not configured.
 *
 * @param tag     the value of the signature's {@code a=} tag
 * @param keyType the value of the DNS record's {@code k=} tag
 */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa"),
    ED25519_SHA256("ed25519-sha256", "ed25519");

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    public String tag() {
        return tag;
    }

    public String keyType() {
        return keyType;
    }
}
