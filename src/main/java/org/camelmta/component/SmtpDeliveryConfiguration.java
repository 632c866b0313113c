package org.camelmta.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of an {@code smtp-delivery} endpoint. */
@UriParams
public class SmtpDeliveryConfiguration implements Cloneable {

    /**
     * The connection strategy (configured as mta.connection.NAME: EHLO name, source IPs,
     * timeouts, TLS policy) for messages that do not name one in the mtaConnection header.
     */
    @UriParam(defaultValue = "default")
    private String connectionStrategy = "default";

    /**
     * What to do after an error in the middle of a message (421 and close, read or write
     * timeout, lost connection): TerminateSession, ReconnectSameHost or ConnectNextHost
     * (KumoMTA's reconnect_strategy). The mtaReconnectStrategy header overrides it. Unset, the
     * ReconnectRoutePolicy on the route decides, else the component's reconnectStrategy.
     */
    @UriParam(enums = "TerminateSession,ReconnectSameHost,ConnectNextHost")
    private String reconnectStrategy;

    /**
     * The STARTTLS policy: opportunistic (any certificate), require (TLS with a verified
     * certificate, else defer) or disabled. The mtaTlsPolicy header overrides it; unset, the
     * destination's policy applies, else the connection strategy's.
     */
    @UriParam(enums = "opportunistic,require,disabled")
    @Metadata(label = "security")
    private String tlsPolicy;

    public String getConnectionStrategy() {
        return connectionStrategy;
    }

    public void setConnectionStrategy(String connectionStrategy) {
        this.connectionStrategy = connectionStrategy;
    }

    public String getReconnectStrategy() {
        return reconnectStrategy;
    }

    public void setReconnectStrategy(String reconnectStrategy) {
        this.reconnectStrategy = reconnectStrategy;
    }

    public String getTlsPolicy() {
        return tlsPolicy;
    }

    public void setTlsPolicy(String tlsPolicy) {
        this.tlsPolicy = tlsPolicy;
    }

    public SmtpDeliveryConfiguration copy() {
        try {
            return (SmtpDeliveryConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
