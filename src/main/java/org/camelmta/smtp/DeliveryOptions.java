package org.camelmta.smtp;

/**
 * How one delivery connects: the connection strategy, the TLS policy in force for this
 * destination, what to do after an error mid-message, and the authorities a server's
 * certificate is checked against where it must be verified (a hop with credentials, or TLS
 * required). Credentials are not here: they belong to a hop's static route.
 */
public record DeliveryOptions(ConnectionStrategy strategy, TlsPolicy tls, ReconnectStrategy reconnect,
                              ServerTrust trust) {

    public static DeliveryOptions of(ConnectionStrategy strategy) {
        return new DeliveryOptions(strategy, strategy.tlsPolicy(), ReconnectStrategy.CONNECT_NEXT_HOST,
                ServerTrust.jdkDefault());
    }

    public DeliveryOptions withReconnect(ReconnectStrategy r) {
        return new DeliveryOptions(strategy, tls, r, trust);
    }

    public DeliveryOptions withTls(TlsPolicy policy) {
        return new DeliveryOptions(strategy, policy, reconnect, trust);
    }

    public DeliveryOptions withTrust(ServerTrust t) {
        return new DeliveryOptions(strategy, tls, reconnect, t);
    }
}
