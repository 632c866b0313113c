package org.camelmta.app;

import jakarta.jms.ConnectionFactory;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.camelmta.component.MxResolutionProcessor;
import org.camelmta.component.ReconnectRoutePolicy;
import org.camelmta.component.SmtpDeliveryComponent;
import org.camelmta.config.Settings;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.events.EventLog;
import org.camelmta.events.EventsProcessor;
import org.camelmta.retry.OutcomeProcessor;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.DestinationLimiter;
import org.camelmta.smtp.ReconnectStrategy;
import org.camelmta.smtp.SessionOptions;
import org.camelmta.smtp.SmtpDeliverer;
import org.camelmta.smtp.TlsPolicy;
import org.camelmta.submit.Submission;
import org.camelmta.submit.SubmissionProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds everything camel-mta's routes use into a Camel context: the broker connection (and
 * the embedded broker when no {@code mta.broker.url} is set), the {@code jms} component, the
 * {@code smtp-delivery} component, and the beans the YAML routes call by name. camel-mta's own
 * Main uses it; another Camel runtime calls {@code new MtaConfiguration().configure(context)}
 * before loading the routes (docs/embedding.md).
 */
public class MtaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MtaConfiguration.class);

    private MtaRuntime runtime;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = CamelSettings.of(context);
        Clock clock = Clock.systemUTC();
        Path dataDir = Path.of(s.get("mta.data-dir", "./data")).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        String hostname = s.get("mta.hostname", localHostName());

        EmbeddedBroker broker = null;
        String brokerUrl = s.get("mta.broker.url").filter(u -> !u.isBlank()).orElse(null);
        if (brokerUrl == null) {
            broker = new EmbeddedBroker().start(brokerConfig(s), dataDir,
                    s.get("mta.broker.host").orElse(null),
                    s.get("mta.broker.port").map(p -> Integer.valueOf(p.strip())).orElse(null));
            brokerUrl = broker.url();
            context.addService(new Stopper(broker), true, true);
        }
        if (s.bool("mta.jms.configure", true)) {
            context.addComponent("jms", jmsComponent(connectionFactory(brokerUrl, s)));
        }

        MxResolver resolver = new MxResolver(ResolverSettings.from(s));
        context.addService(new Stopper(resolver::close), true, true);
        SmtpDeliverer deliverer = new SmtpDeliverer(new ConnectionCache(cacheLimits(s), clock),
                new DestinationLimiter(s.integer("mta.outbound.limits.concurrency", 20)));
        context.addService(new Stopper(deliverer.cache()), true, true);
        configureDelivery(context.getComponent("smtp-delivery", SmtpDeliveryComponent.class), s, hostname, deliverer);

        EventLog eventLog = new EventLog(dataDir.resolve("log").resolve("delivery.jsonl"));
        context.addService(new Stopper(eventLog), true, true);

        bind(context, "mtaSubmission", new SubmissionProcessor(
                new Submission(s.longValue("mta.max-message-size", Submission.DEFAULT_MAX_MESSAGE_SIZE)), clock));
        bind(context, "mtaResolver", new MxResolutionProcessor(resolver));
        bind(context, "reconnectPolicy", new ReconnectRoutePolicy(
                ReconnectStrategy.parse(s.get("mta.reconnect-strategy", "ConnectNextHost"))));
        bind(context, "mtaOutcome", new OutcomeProcessor(InterimRetry.decider(), clock));
        bind(context, "mtaEvents", new EventsProcessor(eventLog, clock));
        bind(context, "mtaPoison", new PoisonMessages(s.integer("mta.poison.attempts", 5)));

        runtime = new MtaRuntime(brokerUrl, broker, dataDir, hostname, resolver, deliverer, eventLog);
        bind(context, "mtaRuntime", runtime);
        LOG.debug("camel-mta configured: broker {}, data {}", brokerUrl, dataDir);
    }

    /** What was set up, for the ready line, the CLI and tests; null before {@link #configure}. */
    public MtaRuntime runtime() {
        return runtime;
    }

    private static void configureDelivery(SmtpDeliveryComponent component, Settings s, String hostname,
                                          SmtpDeliverer deliverer) {
        deliverer.cache().startIdleEviction(); // idle sessions are closed on time, not when next asked for
        component.setDeliverer(deliverer);
        component.setStrategies(ConnectionStrategies.from(s, hostname));
        component.setReconnectStrategy(s.get("mta.reconnect-strategy", "ConnectNextHost"));
        s.withPrefix("mta.outbound.tls.").forEach((domain, policy) ->
                component.setTlsPolicy(domain, TlsPolicy.parse(policy)));
        s.withPrefix("mta.auth.").forEach((rest, value) -> {
            if (rest.endsWith(".username")) {
                String domain = rest.substring(0, rest.length() - ".username".length());
                String password = s.get("mta.auth." + domain + ".password")
                        .orElseThrow(() -> new IllegalArgumentException("mta.auth." + domain + ".password is not set"));
                component.setCredentials(domain, new SessionOptions.Credentials(value.strip(), password));
            }
        });
    }

    private static ConnectionCache.Limits cacheLimits(Settings s) {
        ConnectionCache.Limits d = ConnectionCache.Limits.DEFAULTS;
        return new ConnectionCache.Limits(
                s.integer("mta.connection-cache.size", d.size()),
                s.duration("mta.connection-cache.timeout", d.idleTimeout()),
                s.integer("mta.connection-cache.max-messages", d.maxMessages()),
                s.duration("mta.connection-cache.max-age", d.maxAge()));
    }

    static ConnectionFactory connectionFactory(String brokerUrl, Settings s) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(brokerUrl);
        s.get("mta.broker.user").ifPresent(cf::setUser);
        s.get("mta.broker.password").ifPresent(cf::setPassword);
        // Reconnect to a restarted broker instead of failing the consumers for good.
        cf.setReconnectAttempts(-1);
        cf.setRetryInterval(500);
        cf.setRetryIntervalMultiplier(2.0);
        cf.setMaxRetryInterval(Duration.ofSeconds(10).toMillis());
        return cf;
    }

    private static JmsComponent jmsComponent(ConnectionFactory cf) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(cf);
        // Local JMS transactions: a transacted consumer's session is shared with the sends made
        // on its thread, so a message leaves its queue in the same commit that stores what the
        // route made of it. No transaction manager, so consumers keep their sessions cached.
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    private static URL brokerConfig(Settings s) throws Exception {
        String configured = s.get("mta.broker.config").orElse(null);
        if (configured != null) {
            return Path.of(configured).toUri().toURL();
        }
        Path local = Path.of("artemis", "broker.xml");
        if (Files.isRegularFile(local)) {
            return local.toAbsolutePath().toUri().toURL();
        }
        URL bundled = MtaConfiguration.class.getClassLoader().getResource("artemis/broker.xml");
        if (bundled == null) {
            throw new IllegalStateException("no artemis/broker.xml (set mta.broker.config)");
        }
        return bundled;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    /** Closes something when the Camel context stops. */
    private static final class Stopper extends ServiceSupport {
        private final AutoCloseable target;

        Stopper(AutoCloseable target) {
            this.target = target;
        }

        @Override
        protected void doStop() throws Exception {
            target.close();
        }
    }
}
