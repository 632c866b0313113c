package org.camelmta.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.camelmta.config.Settings;

/**
 * TLS on the embedded broker's acceptor: every protocol on it (CORE, AMQP, STOMP) then speaks
 * TLS only, with the certificate in the key store (Artemis's {@code sslEnabled} acceptor
 * parameters). Clients connect with {@code sslEnabled=true} and a trust store holding that
 * certificate (docs/security.md).
 *
 * @param keyStore         a PKCS#12 (or JKS) key store holding the broker's key and certificate
 * @param keyStorePassword its password
 * @param keyStoreType     PKCS12 or JKS
 */
public record BrokerTls(Path keyStore, String keyStorePassword, String keyStoreType) {

    public BrokerTls {
        keyStore = keyStore.toAbsolutePath().normalize();
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("mta.broker.tls.key-store: cannot read " + keyStore);
        }
    }

    /** From {@code mta.broker.tls.*}; null when no key store is set (no TLS). */
    public static BrokerTls from(Settings s) {
        String store = s.get("mta.broker.tls.key-store").filter(v -> !v.isBlank()).orElse(null);
        if (store == null) {
            return null;
        }
        String password = s.get("mta.broker.tls.key-store-password").orElseThrow(() ->
                new IllegalArgumentException("mta.broker.tls.key-store is set but mta.broker.tls.key-store-password is not"));
        String type = s.get("mta.broker.tls.key-store-type").filter(v -> !v.isBlank()).orElse(
                store.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
        return new BrokerTls(Path.of(store.strip()), password, type.strip());
    }

    /** The acceptor parameters that turn TLS on. */
    public Map<String, Object> acceptorParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sslEnabled", true);
        params.put("keyStorePath", keyStore.toString());
        params.put("keyStorePassword", keyStorePassword);
        params.put("keyStoreType", keyStoreType);
        return params;
    }

    @Override
    public String toString() {
        return "BrokerTls[" + keyStore + ", " + keyStoreType + "]";
    }
}
