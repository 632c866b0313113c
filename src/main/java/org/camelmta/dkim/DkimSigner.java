package org.camelmta.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.jdkim.canon.RelaxedBodyCanonicalizer;
import org.apache.james.jdkim.canon.SimpleBodyCanonicalizer;

/**
 * Makes DKIM-Signature fields (RFC 6376 §5) for one message. The body is canonicalised by
 * Apache James jDKIM's canonicalisers (§3.4.3, §3.4.4); the header fields by
 * {@link HeaderFields}; the signature by the JDK: SHA256withRSA, or Ed25519 over the SHA-256
 * hash of the header data (RFC 8463 §3). No {@code l=}: a body length limit lets anyone append
 * content under the signature (§8.2).
 */
public final class DkimSigner {

    private DkimSigner() {
    }

    /** A key to sign with, under a selector. */
    public record SelectedKey(String selector, SigningKey key) {
    }

    /**
     * The DKIM-Signature fields for {@code message}, one per key, in order, each ending with
     * CRLF, to be put at the top of the message.
     *
     * @param message the message in its wire form ({@link org.camelmta.submit.LineEnds#toCrlf})
     */
    public static String sign(byte[] message, DomainPolicy policy, List<SelectedKey> keys, Instant now) {
        HeaderFields fields = HeaderFields.of(message);
        Canonicalization c = policy.canonicalization();
        String bodyHash = Base64.getEncoder().encodeToString(bodyHash(message, fields.bodyStart(), c.relaxedBody()));
        List<String> signedNames = new ArrayList<>();
        StringBuilder headerData = new StringBuilder();
        selectFields(fields, policy, signedNames, headerData, c.relaxedHeader());
        StringBuilder out = new StringBuilder();
        for (SelectedKey k : keys) {
            out.append(signature(k, policy, signedNames, headerData, bodyHash, now));
        }
        return out.toString();
    }

    /**
     * The {@code h=} list and the canonicalised fields it names, in its order. A field named
     * n times takes the n last instances, from the bottom up (§5.4.2); an oversigned field is
     * named once more than it is present, and the extra name matches nothing (§5.4).
     */
    private static void selectFields(HeaderFields fields, DomainPolicy policy, List<String> names, StringBuilder data,
                                     boolean relaxed) {
        Map<String, List<HeaderFields.Field>> byName = new HashMap<>();
        for (HeaderFields.Field f : fields.fields()) {
            byName.computeIfAbsent(f.lowerName(), n -> new ArrayList<>()).add(f);
        }
        List<String> oversign = policy.oversign().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        List<String> wanted = new ArrayList<>();
        for (String h : policy.headers()) {
            wanted.add(h.toLowerCase(Locale.ROOT));
        }
        for (String h : oversign) {
            if (!wanted.contains(h)) {
                wanted.add(h);
            }
        }
        for (String name : wanted) {
            List<HeaderFields.Field> present = byName.getOrDefault(name, List.of());
            for (int i = present.size() - 1; i >= 0; i--) {
                names.add(name);
                data.append(HeaderFields.canonical(present.get(i).raw(), relaxed));
            }
            if (oversign.contains(name)) {
                names.add(name);
            }
        }
    }

    private static String signature(SelectedKey k, DomainPolicy policy, List<String> names, StringBuilder headerData,
                                    String bodyHash, Instant now) {
        StringBuilder f = new StringBuilder("DKIM-Signature: v=1; a=").append(k.key().algorithm().tag())
                .append("; c=").append(policy.canonicalization().tag())
                .append(";\r\n\td=").append(policy.signingDomain()).append("; s=").append(k.selector())
                .append("; t=").append(now.getEpochSecond());
        if (policy.expire() != null) {
            f.append("; x=").append(now.plus(policy.expire()).getEpochSecond());
        }
        f.append(";\r\n\th=");
        int lineLength = 3;
        for (int i = 0; i < names.size(); i++) {
            String item = names.get(i) + (i + 1 < names.size() ? ":" : ";");
            if (lineLength + item.length() > 76) {
                f.append("\r\n\t ");
                lineLength = 2;
            }
            f.append(item);
            lineLength += item.length();
        }
        f.append("\r\n\tbh=").append(bodyHash).append(";\r\n\tb=");
        // The field is signed as it will appear, with b= empty and without its CRLF (§3.7).
        String unsigned = HeaderFields.canonical(f.toString(), policy.canonicalization().relaxedHeader());
        unsigned = unsigned.substring(0, unsigned.length() - 2);
        byte[] toSign = (headerData + unsigned).getBytes(StandardCharsets.ISO_8859_1);
        String b = Base64.getEncoder().encodeToString(sign(k.key(), toSign));
        for (int i = 0; i < b.length(); i += 72) {
            f.append(i == 0 ? "" : "\r\n\t ").append(b, i, Math.min(b.length(), i + 72));
        }
        return f.append("\r\n").toString();
    }

    private static byte[] sign(SigningKey key, byte[] data) {
        try {
            Signature s;
            if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
                s = Signature.getInstance("Ed25519");
                s.initSign(key.privateKey());
                s.update(MessageDigest.getInstance("SHA-256").digest(data));
            } else {
                s = Signature.getInstance("SHA256withRSA");
                s.initSign(key.privateKey());
                s.update(data);
            }
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    private static byte[] bodyHash(byte[] message, int bodyStart, boolean relaxed) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(message.length - bodyStart + 2);
        try (OutputStream canon = relaxed ? new RelaxedBodyCanonicalizer(canonical) : new SimpleBodyCanonicalizer(canonical)) {
            canon.write(message, bodyStart, message.length - bodyStart);
        } catch (IOException e) {
            throw new IllegalStateException(e); // no I/O: the stream ends in memory
        }
        byte[] body = canonical.toByteArray();
        // jDKIM 0.3 turns an empty (or all blank) body into CRLF under relaxed as under simple;
        // RFC 6376 §3.4.4 (errata 1384) makes it empty, and verifiers (dkimpy, OpenDKIM) agree.
        if (relaxed && body.length == 2 && body[0] == '\r' && body[1] == '\n') {
            body = new byte[0];
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
