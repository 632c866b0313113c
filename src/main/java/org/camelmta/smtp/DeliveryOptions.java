package org.camelmta.smtp;

/**
 * How one delivery connects: the connection strategy, the TLS policy in force for this
 * destination, what to do after an error mid-message, and credentials for a relay.
 */
public record DeliveryOptions(ConnectionStrategy strategy, TlsPolicy tls, ReconnectStrategy reconnect,
                              SessionOptions.Credentials credentials) {

    public static DeliveryOptions of(ConnectionStrategy strategy) {
        return new DeliveryOptions(strategy, strategy.tlsPolicy(), ReconnectStrategy.CONNECT_NEXT_HOST, null);
    }

    public DeliveryOptions withReconnect(ReconnectStrategy r) {
        return new DeliveryOptions(strategy, tls, r, credentials);
    }

    public DeliveryOptions withTls(TlsPolicy policy) {
        return new DeliveryOptions(strategy, policy, reconnect, credentials);
    }

    public DeliveryOptions withCredentials(SessionOptions.Credentials c) {
        return new DeliveryOptions(strategy, tls, reconnect, c);
    }
}
