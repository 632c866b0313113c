package org.camelmta.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of an {@code smtp-delivery} endpoint. */
@UriParams
public class SmtpDeliveryConfiguration implements Cloneable {

    /**
     * The connection strategy ({@code mta.connection.<id>}: EHLO name, source IPs, timeouts,
     * TLS policy) used for messages that do not name one in the {@code mtaConnection} header.
     */
    @UriParam(defaultValue = "default")
    private String connectionStrategy = "default";

    /**
     * What to do after an error in the middle of a message (421 and close, timeout, I/O error):
     * {@code TerminateSession}, {@code ReconnectSameHost} or {@code ConnectNextHost}. Unset: the
     * route's {@code ReconnectRoutePolicy}, else the component's default ({@code mta.reconnect-strategy}).
     */
    @UriParam(enums = "TerminateSession,ReconnectSameHost,ConnectNextHost")
    private String reconnectStrategy;

    /**
     * The STARTTLS policy, overriding the connection strategy's: {@code opportunistic},
     * {@code require} or {@code disabled}.
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
