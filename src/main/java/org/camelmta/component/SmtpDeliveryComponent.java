package org.camelmta.component;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.camelmta.config.Durations;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.DestinationLimiter;
import org.camelmta.smtp.EhloName;
import org.camelmta.smtp.ReconnectStrategy;
import org.camelmta.smtp.ServerTrust;
import org.camelmta.smtp.SmtpDeliverer;
import org.camelmta.smtp.TlsPolicy;

/**
 * The {@code smtp-delivery} component: MX delivery over SMTP, a thin Camel shell over the
 * {@code org.camelmta.smtp} client. It owns what all its endpoints share: the connection cache,
 * the per-destination connection limits and the configured connection strategies. camel-mta's
 * engine hands it a ready {@link SmtpDeliverer} and the strategies read from its {@code mta.*}
 * keys; used on its own, it makes its deliverer from the cache options below.
 */
@Component("smtp-delivery")
public class SmtpDeliveryComponent extends DefaultComponent {

    @Metadata(description = "Shared endpoint options.")
    private SmtpDeliveryConfiguration configuration = new SmtpDeliveryConfiguration();

    @Metadata(label = "advanced", description = "The SMTP client with its connection cache and per-destination"
            + " connection limit. Unset, the component makes one from its cache options (connectionCacheSize and"
            + " the others of the cache group).")
    private SmtpDeliverer deliverer;

    @Metadata(label = "advanced", description = "The connection strategies by name. Unset, there is only 'default':"
            + " the machine's fully qualified name (else an address literal of its address) as EHLO name, a source"
            + " address the system chooses, RFC 5321 timeouts,"
            + " opportunistic TLS.")
    private ConnectionStrategies strategies;

    @Metadata(defaultValue = "ConnectNextHost", enums = "TerminateSession,ReconnectSameHost,ConnectNextHost",
              description = "The reconnect strategy after an error in the middle of a message, when neither the"
                      + " message header, the endpoint option nor a ReconnectRoutePolicy on the route says.")
    private String defaultReconnectStrategy = ReconnectStrategy.CONNECT_NEXT_HOST.spelling();

    @Metadata(label = "cache", defaultValue = "100", description = "Most idle sessions kept open for reuse, over all"
            + " destinations (Sendmail's ConnectionCacheSize); past it, the session idle longest is closed. 0 turns"
            + " the cache off. Applies when the component makes its own deliverer.")
    private int connectionCacheSize = ConnectionCache.Limits.DEFAULTS.size();

    @Metadata(label = "cache", defaultValue = "5m", description = "How long a session may wait idle in the cache"
            + " before it is closed (Sendmail's ConnectionCacheTimeout), as 30s, 5m, 1h. Applies when the"
            + " component makes its own deliverer.")
    private String connectionCacheTimeout = "5m";

    @Metadata(label = "cache", defaultValue = "100", description = "Most messages one connection carries before it"
            + " is closed. Applies when the component makes its own deliverer.")
    private int maxMessagesPerConnection = ConnectionCache.Limits.DEFAULTS.maxMessages();

    @Metadata(label = "cache", defaultValue = "5m", description = "Oldest a connection may be and still take a"
            + " message, as 30s, 5m, 1h. Applies when the component makes its own deliverer.")
    private String maxConnectionAge = "5m";

    @Metadata(label = "cache", defaultValue = "20", description = "Most connections open to one destination address"
            + " at once, idle cached ones included; 0 for no cap. Applies when the component makes its own"
            + " deliverer.")
    private int maxConnectionsPerDestination = 20;

    @Metadata(label = "security", description = "The certificate authorities a server's certificate must chain to"
            + " where it is verified: a relay that is sent credentials (they belong to the static route, see"
            + " ResolverSettings), or TLS policy require. Unset, the JDK's trust store (camel-mta's engine sets it"
            + " from mta.tls.trust-store).")
    private ServerTrust serverTrust;

    private final Map<String, TlsPolicy> tlsByDomain = new ConcurrentHashMap<>();
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
            // RFC 5321 §4.1.1.1: a fully qualified name or an address literal, never "localhost".
            strategies = ConnectionStrategies.defaults(EhloName.detect(EhloName.Machine.local()).orElseThrow(
                    () -> new IllegalStateException("smtp-delivery: this machine has no fully qualified domain name"
                            + " and no address but loopback to name itself by in EHLO; set the component's strategies"
                            + " with an EHLO name")));
        }
        if (deliverer == null) {
            ConnectionCache.Limits limits = new ConnectionCache.Limits(connectionCacheSize,
                    Durations.parse(connectionCacheTimeout), maxMessagesPerConnection, Durations.parse(maxConnectionAge));
            deliverer = new SmtpDeliverer(new ConnectionCache(limits, Clock.systemUTC()).startIdleEviction(),
                    new DestinationLimiter(maxConnectionsPerDestination));
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

    public ServerTrust getServerTrust() {
        return serverTrust;
    }

    public void setServerTrust(ServerTrust serverTrust) {
        this.serverTrust = serverTrust;
    }

    TlsPolicy tlsPolicyFor(String domain) {
        TlsPolicy p = tlsByDomain.get(domain);
        return p != null ? p : tlsByDomain.get("*");
    }

    /** The trust store certificates are verified against: the one set, else the JDK's. */
    ServerTrust serverTrustOrDefault() {
        ServerTrust t = serverTrust;
        return t != null ? t : ServerTrust.jdkDefault();
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

    public String getDefaultReconnectStrategy() {
        return defaultReconnectStrategy;
    }

    public void setDefaultReconnectStrategy(String strategy) {
        ReconnectStrategy.parse(strategy); // fail at configuration time, not at the first 421
        this.defaultReconnectStrategy = strategy;
    }

    public int getConnectionCacheSize() {
        return connectionCacheSize;
    }

    public void setConnectionCacheSize(int connectionCacheSize) {
        this.connectionCacheSize = connectionCacheSize;
    }

    public String getConnectionCacheTimeout() {
        return connectionCacheTimeout;
    }

    public void setConnectionCacheTimeout(String connectionCacheTimeout) {
        this.connectionCacheTimeout = checkedDuration("connectionCacheTimeout", connectionCacheTimeout);
    }

    public int getMaxMessagesPerConnection() {
        return maxMessagesPerConnection;
    }

    public void setMaxMessagesPerConnection(int maxMessagesPerConnection) {
        this.maxMessagesPerConnection = maxMessagesPerConnection;
    }

    public String getMaxConnectionAge() {
        return maxConnectionAge;
    }

    public void setMaxConnectionAge(String maxConnectionAge) {
        this.maxConnectionAge = checkedDuration("maxConnectionAge", maxConnectionAge);
    }

    public int getMaxConnectionsPerDestination() {
        return maxConnectionsPerDestination;
    }

    public void setMaxConnectionsPerDestination(int maxConnectionsPerDestination) {
        this.maxConnectionsPerDestination = maxConnectionsPerDestination;
    }

    private static String checkedDuration(String option, String value) {
        try {
            Duration d = Durations.parse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": not a duration (30s, 5m, 1h): " + value, e);
        }
    }
}
