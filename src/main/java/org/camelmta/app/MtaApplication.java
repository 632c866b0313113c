package org.camelmta.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-mta standalone: Camel Main with {@link MtaConfiguration}, the YAML routes from
 * {@code ./routes} (reloaded live when edited; the copies inside the jar when there is no such
 * directory) and settings from application.properties, {@code -D} options and the environment.
 */
public final class MtaApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MtaApplication.class);

    private final Main main = new Main();
    private final MtaConfiguration configuration = new MtaConfiguration();
    private final String routesLocation;

    /**
     * @param overrides settings that win over every other source (the CLI's options, tests)
     */
    public MtaApplication(Map<String, String> overrides) {
        String routesDir = setting(overrides, "mta.routes-dir", "routes");
        boolean reload = Boolean.parseBoolean(setting(overrides, "mta.routes-reload", "true"));
        Path dir = Path.of(routesDir).toAbsolutePath().normalize();
        main.configure().setBasePackageScanEnabled(false);
        main.configure().setName("camel-mta");
        main.configure().addConfiguration(configuration);
        if (Files.isDirectory(dir)) {
            routesLocation = dir + (reload ? " (live reload on)" : "");
            main.configure().setRoutesIncludePattern("file:" + dir + "/*.yaml");
            if (reload) {
                main.configure().setRoutesReloadEnabled(true);
                main.configure().setRoutesReloadDirectory(dir.toString());
                main.configure().setRoutesReloadPattern("*.yaml");
                // Reload only the edited file's routes: the others keep running, untouched.
                main.configure().setRoutesReloadRemoveAllRoutes(false);
            }
        } else {
            routesLocation = "classpath:routes (built in)";
            main.configure().setRoutesIncludePattern("classpath:routes/*.yaml");
        }
        String config = setting(overrides, "mta.config", "application.properties");
        main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true,file:" + config
                + ";optional=true");
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                logReady();
            }
        });
    }

    /**
     * Adds a configuration that runs after camel-mta's own and before the routes start, so a
     * bean it binds under one of camel-mta's names (e.g. {@code mtaEvents}) replaces camel-mta's.
     * For embedders and tests; call before {@link #start()}.
     */
    public MtaApplication configureAfter(org.apache.camel.CamelConfiguration extra) {
        configuration.andThen(extra);
        return this;
    }

    /**
     * Starts the engine and returns once it is running. The caller owns it from then on: it
     * stops with {@link #close()}. A signal to the JVM does not stop it here, unlike
     * {@link #run()}: Camel's hangup hook would only wait (Camel's shutdown timeout and more) for
     * a {@code run()} that never comes, holding the JVM's exit; a caller that must stop on Ctrl-C
     * installs its own hook ({@code bench} does).
     */
    public MtaApplication start() throws Exception {
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        main.start();
        return this;
    }

    /** Starts the engine and runs until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public void run() throws Exception {
        main.run();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public MtaRuntime runtime() {
        return configuration.runtime();
    }

    /**
     * Stops the engine. In-flight exchanges get Camel's whole shutdown timeout to finish, and
     * the stop {@link #STOP_MARGIN} more; past that (a broker that is unreachable makes every JMS
     * consumer's stop wait on failover, one session after another), the broker connections are
     * closed under them so the stop completes. Nothing is lost that way: what was not committed
     * is redelivered by the broker.
     */
    @Override
    public void close() throws Exception {
        java.time.Duration grace = java.time.Duration.ofSeconds(main.configure().getShutdownTimeout()).plus(STOP_MARGIN);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return; // stopped in time
            }
            LOG.warn("camel-mta: still stopping after {}s (broker unreachable?): closing the broker connections",
                    grace.toSeconds());
            configuration.closeBrokerConnections();
        }, "mta-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            main.stop();
        } finally {
            watchdog.interrupt();
        }
    }

    /** How long past Camel's shutdown timeout a stop may take before the broker connections are closed under it. */
    static final java.time.Duration STOP_MARGIN = java.time.Duration.ofSeconds(15);

    private void logReady() {
        MtaRuntime rt = configuration.runtime();
        LOG.info("camel-mta ready: broker {} ({}), submit to queue mta.submit, events on topic mta.events and in {},"
                        + " routes {} ({} routes), metrics {}",
                rt.brokerUrl(), rt.broker() == null ? "external" : "embedded, listening on " + rt.broker().listening()
                        + (rt.broker().securityEnabled() ? ", users in " + usersFile(rt) : ", security OFF")
                        + ", journal in " + rt.dataDir().resolve("broker"),
                rt.eventLog().file(), routesLocation, main.getCamelContext().getRoutes().size(),
                rt.metrics() == null ? "off" : rt.metrics().uri() + "metrics");
    }

    private String usersFile(MtaRuntime rt) {
        return MtaConfiguration.brokerUsers(org.camelmta.app.CamelSettings.of(main.getCamelContext()), rt.dataDir())
                .usersFile().toString();
    }

    private static String setting(Map<String, String> overrides, String key, String defaultValue) {
        String v = overrides.get(key);
        if (v == null) {
            v = System.getProperty(key);
        }
        if (v == null) {
            v = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return v == null || v.isBlank() ? defaultValue : v;
    }
}
