package org.camelmta.app;

import jakarta.jms.ConnectionFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
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
import org.camelmta.metrics.BrokerWatch;
import org.camelmta.metrics.DnsProbe;
import org.camelmta.metrics.HealthChecks;
import org.camelmta.metrics.MetricsServer;
import org.camelmta.metrics.MetricsSettings;
import org.camelmta.metrics.MtaMetrics;
import org.camelmta.dsn.BounceProcessor;
import org.camelmta.dsn.DsnBuilder;
import org.camelmta.dsn.DsnPolicy;
import org.camelmta.retry.AdvisoryFailures;
import org.camelmta.retry.CachedRetryHintStore;
import org.camelmta.retry.DeliveredRecord;
import org.camelmta.retry.DeliveryShares;
import org.camelmta.retry.DeferredQueue;
import org.camelmta.retry.JdbcRetryHintStore;
import org.camelmta.retry.ReleaseScheduler;
import org.camelmta.retry.Releaser;
import org.camelmta.retry.RetryPolicy;
import org.camelmta.retry.RetryProcessor;
import org.camelmta.retry.RetryRules;
import org.camelmta.retry.RetrySettings;
import org.camelmta.retry.Suspensions;
import org.camelmta.control.ControlProcessor;
import org.camelmta.control.ControlService;
import org.camelmta.smtp.ConnectionCache;
import org.camelmta.smtp.ConnectionStrategies;
import org.camelmta.smtp.DestinationLimiter;
import org.camelmta.smtp.EhloName;
import org.camelmta.smtp.ReconnectStrategy;
import org.camelmta.smtp.ServerTrust;
import org.camelmta.smtp.SmtpDeliverer;
import org.camelmta.smtp.SmtpObserver;
import org.camelmta.smtp.TlsPolicy;
import org.camelmta.submit.RecipientLimits;
import org.camelmta.submit.Submission;
import org.camelmta.submit.Trace;
import org.camelmta.submit.SubmissionProcessor;
import org.camelmta.security.BrokerCredentials;
import org.camelmta.security.BrokerRole;
import org.camelmta.security.BrokerTls;
import org.camelmta.security.BrokerUsers;
import org.camelmta.security.NetworkExposure;
import org.camelmta.security.PosixFiles;
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
    private final java.util.List<CamelConfiguration> after = new java.util.ArrayList<>();

    /** A configuration to run right after this one (its beans replace camel-mta's of the same name). */
    public MtaConfiguration andThen(CamelConfiguration next) {
        after.add(next);
        return this;
    }

    /** What the machine says about its names and addresses; a test stands in another machine. */
    Supplier<EhloName.Machine> machine = EhloName.Machine::local;
    private volatile ActiveMQConnectionFactory ownConnectionFactory;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = CamelSettings.of(context);
        Clock clock = Clock.systemUTC();
        Path dataDir = Path.of(s.get("mta.data-dir", "./data")).toAbsolutePath().normalize();
        // Owner-only: it holds queued mail, the delivery log and the generated broker passwords.
        PosixFiles.createOwnerOnlyDirectory(dataDir);
        // A name strict receivers accept in EHLO, or the start stops here naming mta.hostname.
        String hostname = EhloName.forEngine(s, machine);

        // Bad retry rules stop the start here, naming the line, before anything else is running.
        RetryRules rules = RetryRules.from(s);
        // So do bad routes, relay credentials without a route, and a trust store that cannot be read.
        ResolverSettings resolverSettings = ResolverSettings.from(s);
        ServerTrust serverTrust = serverTrust(s);
        // And so do bad DKIM settings and keys (mta.dkim.*), naming the key.
        org.camelmta.dkim.DkimProcessor dkim = org.camelmta.dkim.DkimProcessor.from(s, clock);

        EmbeddedBroker broker = null;
        String brokerUrl = s.get("mta.broker.url").filter(u -> !u.isBlank()).orElse(null);
        String engineUrl = brokerUrl;
        BrokerUsers users = brokerUsers(s, dataDir);
        if (brokerUrl == null) {
            broker = new EmbeddedBroker().start(brokerConfig(s), dataDir, new EmbeddedBroker.Options(
                    s.get("mta.broker.host").orElse(null),
                    s.get("mta.broker.port").map(p -> Integer.valueOf(p.strip())).orElse(null),
                    users, s.bool(NetworkExposure.ALLOW_KEY, false), BrokerTls.from(s)));
            brokerUrl = broker.url();
            engineUrl = broker.inVmUrl();
            context.addService(new Stopper(broker), true, true);
        }
        BrokerCredentials engineLogin = engineCredentials(s, users, broker);
        ConnectionFactory cf;
        boolean deliverDirectly = s.bool("mta.submit.deliver-directly", false);
        if (s.bool("mta.jms.configure", true)) {
            cf = connectionFactory(engineUrl, engineLogin);
            if (deliverDirectly) {
                // The submit route now holds a message for as long as its delivery takes, so,
                // as on mta.delivery, no consumer may take others in advance to wait behind it.
                // Set here, not in broker.xml, because a window on mta.submit is worth having
                // when the route only splits and forwards (docs/benchmarks.md).
                ((ActiveMQConnectionFactory) cf).setConsumerWindowSize(0);
            }
            ownConnectionFactory = (ActiveMQConnectionFactory) cf;
            context.addComponent("jms", jmsComponent(cf));
        } else {
            cf = context.getComponent("jms", JmsComponent.class).getConnectionFactory();
        }

        MetricsSettings metricsSettings = MetricsSettings.from(s);
        MtaMetrics metrics = metricsSettings.enabled() ? new MtaMetrics(metricsSettings.maxDestinations()) : null;

        // This engine's own names and addresses are known by default, not only via mta.local-names.
        MxResolver resolver = new MxResolver(EngineSelf.apply(resolverSettings, s, hostname,
                ConnectionStrategies.from(s, hostname), machine.get()));
        context.addService(new Stopper(resolver::close), true, true);
        SmtpDeliverer deliverer = new SmtpDeliverer(new ConnectionCache(cacheLimits(s), clock),
                new DestinationLimiter(s.integer("mta.outbound.limits.concurrency", 20)), SmtpDeliverer.DEFAULT_SLOT_WAIT,
                metrics == null ? SmtpObserver.NONE : metrics.smtpObserver(),
                s.integer("mta.outbound.limits.rcpt-per-transaction", SmtpDeliverer.DEFAULT_RCPT_PER_TRANSACTION));
        context.addService(new Stopper(deliverer.cache()), true, true);
        configureDelivery(context.getComponent("smtp-delivery", SmtpDeliveryComponent.class), s, hostname, deliverer,
                serverTrust);

        EventLog eventLog = new EventLog(dataDir.resolve("log").resolve("delivery.jsonl"),
                s.longValue("mta.log.max-bytes", 100L * 1024 * 1024), s.integer("mta.log.max-files", 30), 100_000, clock);
        context.addService(new Stopper(eventLog), true, true);

        bind(context, "mtaSubmission", new SubmissionProcessor(
                new Submission(s.longValue("mta.max-message-size", Submission.DEFAULT_MAX_MESSAGE_SIZE),
                        new RecipientLimits(s.integer(RecipientLimits.MAX_RECIPIENTS, RecipientLimits.DEFAULT_MAX_RECIPIENTS),
                                s.integer(RecipientLimits.MAX_RECIPIENT_DOMAINS,
                                        RecipientLimits.DEFAULT_MAX_RECIPIENT_DOMAINS)),
                        new Trace(hostname, s.integer(Trace.HOPCOUNT_LIMIT, Trace.DEFAULT_HOPCOUNT_LIMIT))), clock,
                deliverDirectly));
        bind(context, "mtaDkim", dkim);
        bind(context, "mtaResolver", new MxResolutionProcessor(resolver));
        bind(context, "reconnectPolicy", new ReconnectRoutePolicy(
                ReconnectStrategy.parse(s.get("mta.reconnect-strategy", "ConnectNextHost"))));
        Retry retry = startRetry(context, s, dataDir, rules, cf, resolver, clock);
        DeliveryShares shares = new DeliveryShares(s.integer(DeliveryShares.KEY_MAX_SHARE, DeliveryShares.defaultShare(
                s.integer("mta.delivery.consumers", 16) + (deliverDirectly ? s.integer("mta.submit.consumers", 4) : 0))),
                s.duration(DeliveryShares.KEY_QUICK, DeliveryShares.DEFAULT_QUICK));
        bind(context, "mtaRetry", new RetryProcessor(retry.policy(), retry.scheduler(), retry.releaser(), clock,
                retry.failures(), retry.delivered(), shares));
        bind(context, "mtaAdvisory", retry.failures());
        bind(context, "mtaBounces", new BounceProcessor(DsnPolicy.from(s), DsnBuilder.from(s, hostname, clock), clock));
        bind(context, "mtaControl", new ControlProcessor(
                new ControlService(retry.releaser(), retry.scheduler(), retry.policy(), resolver, eventLog)));
        bind(context, "mtaEvents", metrics == null ? new EventsProcessor(eventLog, clock)
                : new EventsProcessor(eventLog, clock, metrics.eventObserver()));
        bind(context, "mtaPoison", new PoisonMessages(s.integer("mta.poison.attempts", 5)));

        if (metrics != null) {
            metrics.watch(retry.failures()).watch(shares);
        }
        MetricsServer metricsServer = metrics == null ? null : startMetrics(context, metricsSettings, metrics,
                engineUrl, engineLogin, resolver, deliverer, retry.releaser(), clock);

        runtime = new MtaRuntime(brokerUrl, broker, dataDir, hostname, resolver, deliverer, eventLog, retry.policy(),
                retry.releaser(), retry.scheduler(), metricsServer);
        bind(context, "mtaRuntime", runtime);
        for (CamelConfiguration next : after) {
            next.configure(context);
        }
        LOG.debug("camel-mta configured: broker {}, data {}", brokerUrl, dataDir);
    }

    /** The route files camel-mta ships, in the order they must be loaded (route configurations first). */
    public static final java.util.List<String> ROUTE_FILES = java.util.List.of("poison.yaml", "events.yaml",
            "submit.yaml", "deliver.yaml", "control.yaml");

    /**
     * For a Camel runtime of one's own: loads camel-mta's YAML routes, the copies built into the
     * jar ({@code classpath:routes/}) or those in a directory, after {@link #configure} bound
     * what they call.
     *
     * @param directory a directory holding the route files, or null for the built-in ones
     */
    public static void loadRoutes(CamelContext context, Path directory) throws Exception {
        var loader = org.apache.camel.support.PluginHelper.getResourceLoader(context);
        var routes = org.apache.camel.support.PluginHelper.getRoutesLoader(context);
        java.util.List<org.apache.camel.spi.Resource> resources = new java.util.ArrayList<>();
        for (String file : ROUTE_FILES) {
            resources.add(directory == null ? loader.resolveResource("classpath:routes/" + file)
                    : loader.resolveResource("file:" + directory.resolve(file).toAbsolutePath()));
        }
        routes.loadRoutes(resources);
    }

    /** What was set up, for the ready line, the CLI and tests; null before {@link #configure}. */
    public MtaRuntime runtime() {
        return runtime;
    }

    /** What retrying is made of: the policy over rules and hints, and Quartz releasing deferred mail. */
    private record Retry(RetryPolicy policy, Releaser releaser, ReleaseScheduler scheduler, AdvisoryFailures failures,
                         DeliveredRecord delivered) {
    }

    private static Retry startRetry(CamelContext context, Settings s, Path dataDir, RetryRules rules, ConnectionFactory cf,
                                    MxResolver resolver, Clock clock) throws Exception {
        JdbcRetryHintStore hints = JdbcRetryHintStore.from(s);
        context.addService(new Stopper(hints), true, true);
        AdvisoryFailures failures = new AdvisoryFailures();
        CachedRetryHintStore cachedHints = new CachedRetryHintStore(hints, failures);
        DeliveredRecord delivered = new DeliveredRecord(hints.dataSource(), s.bool(DeliveredRecord.KEY_ENABLED, true),
                s.duration(DeliveredRecord.KEY_KEEP, DeliveredRecord.DEFAULT_KEEP), clock, failures);
        RetryPolicy policy = new RetryPolicy(rules, cachedHints, RetrySettings.from(s), new java.util.SplittableRandom());
        DeferredQueue deferred = new DeferredQueue(cf);
        context.addService(new Stopper(deferred), true, true);
        Releaser releaser = new Releaser(deferred, resolver, policy, new Suspensions(hints.dataSource(), clock), clock)
                .housekeeping(failures, delivered);
        ReleaseScheduler scheduler = ReleaseScheduler.start(s, dataDir, releaser);
        context.addService(new Stopper(scheduler), true, true);
        return new Retry(policy, releaser, scheduler, failures, delivered);
    }

    /** The meters that read the engine's parts, the health checks, and the endpoint serving both. */
    private static MetricsServer startMetrics(CamelContext context, MetricsSettings ms, MtaMetrics metrics,
                                              String engineUrl, BrokerCredentials login, MxResolver resolver,
                                              SmtpDeliverer deliverer, Releaser releaser, Clock clock) throws Exception {
        // Probes the broker the way the engine reaches it (in-VM for the embedded one), as the engine.
        BrokerWatch brokerWatch = new BrokerWatch(BrokerWatch.failFast(engineUrl, login == null ? null : login.user(),
                login == null ? null : login.password(), ms.checkTimeout()), ms.checkTimeout(), clock);
        metrics.watch(deliverer.cache(), deliverer.limiter()).watch(resolver).watch(releaser).watch(brokerWatch);
        DnsProbe dns = ms.dnsProbe() == null ? null
                : new DnsProbe(resolver.settings().servers(), ms.dnsProbe(), ms.checkTimeout(), clock);
        // A result stays good for a few rounds, and for as long as a slow round may take.
        Duration staleAfter = ms.checkInterval().multipliedBy(3).plus(ms.checkTimeout().multipliedBy(4));
        HealthChecks health = new HealthChecks(context, brokerWatch, dns, ms.checkInterval(), staleAfter, clock);
        MetricsServer server = new MetricsServer(ms, metrics, health);
        context.addService(server, true, true);
        return server;
    }

    private static void configureDelivery(SmtpDeliveryComponent component, Settings s, String hostname,
                                          SmtpDeliverer deliverer, ServerTrust serverTrust) {
        deliverer.cache().startIdleEviction(); // idle sessions are closed on time, not when next asked for
        component.setDeliverer(deliverer);
        component.setStrategies(ConnectionStrategies.from(s, hostname));
        component.setDefaultReconnectStrategy(s.get("mta.reconnect-strategy", "ConnectNextHost"));
        s.withPrefix("mta.outbound.tls.").forEach((domain, policy) ->
                component.setTlsPolicy(domain, TlsPolicy.parse(policy)));
        // Relay credentials (mta.auth.<domain>.*) are not set here: they belong to the static
        // route for <domain>, read with the routes (ResolverSettings), and go only to its hops.
        component.setServerTrust(serverTrust);
    }

    /** {@code mta.tls.trust-store} (PEM bundle or PKCS#12), else the JDK's; a bad file stops the start. */
    static ServerTrust serverTrust(Settings s) {
        String file = s.get("mta.tls.trust-store").filter(v -> !v.isBlank()).orElse(null);
        if (file == null) {
            return ServerTrust.jdkDefault();
        }
        char[] password = s.get("mta.tls.trust-store-password").map(String::toCharArray).orElse(null);
        try {
            return ServerTrust.load(Path.of(file.strip()), password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mta.tls.trust-store: " + e.getMessage(), e);
        }
    }

    private static ConnectionCache.Limits cacheLimits(Settings s) {
        ConnectionCache.Limits d = ConnectionCache.Limits.DEFAULTS;
        return new ConnectionCache.Limits(
                s.integer("mta.connection-cache.size", d.size()),
                s.duration("mta.connection-cache.timeout", d.idleTimeout()),
                s.integer("mta.connection-cache.max-messages", d.maxMessages()),
                s.duration("mta.connection-cache.max-age", d.maxAge()));
    }

    /**
     * Closes the broker connections this configuration made (none when the runtime's own jms
     * component is used): every blocking call on them, e.g. a consumer's stop waiting for a
     * broker that is gone, returns at once with an error.
     */
    void closeBrokerConnections() {
        ActiveMQConnectionFactory cf = ownConnectionFactory;
        if (cf != null) {
            cf.close();
        }
    }

    /** The users and roles files: {@code mta.broker.users-file} / {@code roles-file}, by default in the data directory. */
    static BrokerUsers brokerUsers(Settings s, Path dataDir) {
        BrokerUsers defaults = BrokerUsers.inDataDir(dataDir);
        return new BrokerUsers(
                s.get("mta.broker.users-file").filter(v -> !v.isBlank()).map(v -> Path.of(v.strip())).orElse(defaults.usersFile()),
                s.get("mta.broker.roles-file").filter(v -> !v.isBlank()).map(v -> Path.of(v.strip())).orElse(defaults.rolesFile()));
    }

    /**
     * Who the engine logs in as: {@code mta.broker.user} and {@code mta.broker.password} when
     * set; else, for the embedded broker, the first user of role {@code engine} in the users
     * file (the generated {@code engine} user); else nobody (an external broker without security).
     */
    static BrokerCredentials engineCredentials(Settings s, BrokerUsers users, EmbeddedBroker broker) throws Exception {
        String user = s.get("mta.broker.user").filter(v -> !v.isBlank()).orElse(null);
        if (user != null) {
            return new BrokerCredentials(user.strip(), s.get("mta.broker.password").orElse(""));
        }
        if (broker == null || !broker.securityEnabled()) {
            return null;
        }
        return users.credentialsFor(BrokerRole.ENGINE).orElseThrow(() -> new IllegalStateException(
                "the broker's users file " + users.usersFile() + " has no user of role engine (in " + users.rolesFile()
                        + ") with a plain password: set mta.broker.user and mta.broker.password for the engine"));
    }

    static ConnectionFactory connectionFactory(String brokerUrl, BrokerCredentials login) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(brokerUrl);
        if (login != null) {
            cf.setUser(login.user());
            cf.setPassword(login.password());
        }
        // Reconnect to a restarted broker instead of failing the consumers for good.
        cf.setReconnectAttempts(-1);
        // ...but a blocking call (a commit, a send) gives up after this while the broker is away,
        // so a route's transaction fails and is retried instead of hanging, and the engine can
        // always be stopped.
        cf.setCallFailoverTimeout(Duration.ofSeconds(30).toMillis());
        cf.setCallTimeout(Duration.ofSeconds(30).toMillis());
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
