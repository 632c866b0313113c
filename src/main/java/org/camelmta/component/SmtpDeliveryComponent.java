package org.camelmta.component;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.DestinationLimiter;
import org.camelmta.smtp.ReconnectStrategy;
import org.camelmta.smtp.SessionOptions;
import org.camelmta.smtp.SmtpDeliverer;
import org.camelmta.smtp.TlsPolicy;

/**
 * The {@code smtp-delivery} component: MX delivery over SMTP, a thin Camel shell over the
 * {@code org.camelmta.smtp} client. It owns what all its endpoints share: the connection cache,
 * the per-destination connection limits and the configured connection strategies.
 */
@Component("smtp-delivery")
public class SmtpDeliveryComponent extends DefaultComponent {

    @Metadata(description = "Shared endpoint options.")
    private SmtpDeliveryConfiguration configuration = new SmtpDeliveryConfiguration();

    @Metadata(label = "advanced", description = "The SMTP client with its connection cache and limits; one is"
            + " created with default limits when none is set.")
    private SmtpDeliverer deliverer;

    @Metadata(label = "advanced", description = "The connection strategies by name; without any, only 'default'"
            + " (the local host name as EHLO name, system-chosen source address, RFC 5321 timeouts).")
    private ConnectionStrategies strategies;

    @Metadata(defaultValue = "ConnectNextHost", enums = "TerminateSession,ReconnectSameHost,ConnectNextHost",
              description = "The reconnect strategy when neither the message, the endpoint nor the route says.")
    private String reconnectStrategy = ReconnectStrategy.CONNECT_NEXT_HOST.spelling();

    private final Map<String, TlsPolicy> tlsByDomain = new ConcurrentHashMap<>();
    private final Map<String, SessionOptions.Credentials> credentialsByDomain = new ConcurrentHashMap<>();
    private boolean ownsDeliverer;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SmtpDeliveryConfiguration config = configuration.copy();
        setProperties(config, parameters);
        SmtpDeliveryEndpoint endpoint = new SmtpDeliveryEndpoint(uri, this, config);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (strategies == null) {
            strategies = ConnectionStrategies.defaults(java.net.InetAddress.getLocalHost().getCanonicalHostName());
        }
        if (deliverer == null) {
            deliverer = new SmtpDeliverer(new ConnectionCache(ConnectionCache.Limits.DEFAULTS, Clock.systemUTC()),
                    new DestinationLimiter(20));
            ownsDeliverer = true;
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (ownsDeliverer) {
            deliverer.cache().close();
            deliverer = null;
            ownsDeliverer = false;
        }
        super.doStop();
    }

    /** The STARTTLS policy for mail to {@code domain} ({@code *} for every domain without its own). */
    public void setTlsPolicy(String domain, TlsPolicy policy) {
        tlsByDomain.put(domain.toLowerCase(Locale.ROOT), policy);
    }

    /** AUTH credentials for the relay mail to {@code domain} is routed to ({@code *} for the smarthost). */
    public void setCredentials(String domain, SessionOptions.Credentials credentials) {
        credentialsByDomain.put(domain.toLowerCase(Locale.ROOT), credentials);
    }

    TlsPolicy tlsPolicyFor(String domain) {
        TlsPolicy p = tlsByDomain.get(domain);
        return p != null ? p : tlsByDomain.get("*");
    }

    SessionOptions.Credentials credentialsFor(String domain) {
        SessionOptions.Credentials c = credentialsByDomain.get(domain);
        return c != null ? c : credentialsByDomain.get("*");
    }

    public SmtpDeliveryConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SmtpDeliveryConfiguration configuration) {
        this.configuration = configuration;
    }

    public SmtpDeliverer getDeliverer() {
        return deliverer;
    }

    public void setDeliverer(SmtpDeliverer deliverer) {
        this.deliverer = deliverer;
    }

    public ConnectionStrategies getStrategies() {
        return strategies;
    }

    public void setStrategies(ConnectionStrategies strategies) {
        this.strategies = strategies;
    }

    public String getReconnectStrategy() {
        return reconnectStrategy;
    }

    public void setReconnectStrategy(String reconnectStrategy) {
        ReconnectStrategy.parse(reconnectStrategy); // fail at configuration time, not at the first 421
        this.reconnectStrategy = reconnectStrategy;
    }
}
