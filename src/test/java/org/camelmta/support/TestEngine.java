package org.camelmta.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camelmta.app.MtaApplication;
import org.camelmta.app.MtaRuntime;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.events.EventLog;
import org.camelmta.loopback.ZoneDnsServer;

/**
 * A whole camel-mta engine for a test: embedded broker on a free port, data in a temporary
 * directory, the project's own YAML routes, DNS answered by an in-test {@link ZoneDnsServer}.
 */
@SuppressWarnings("try") // close() may be interrupted while Camel stops; tests let that propagate
public final class TestEngine implements AutoCloseable {

    private final MtaApplication app;
    private final JmsClient jms;

    private final org.camelmta.security.BrokerCredentials engineLogin;

    private TestEngine(MtaApplication app, org.camelmta.security.BrokerCredentials engineLogin) {
        this.app = app;
        this.engineLogin = engineLogin != null ? engineLogin
                : Brokers.login(app.runtime().dataDir(), org.camelmta.security.BrokerRole.ENGINE);
        // The tests' own client sees every queue: it logs in as the engine does.
        // (in-VM when the acceptor speaks TLS: the test's client has no trust store)
        String url = app.runtime().broker() != null && app.runtime().brokerUrl().contains("sslEnabled=true")
                ? app.runtime().broker().inVmUrl() : app.runtime().brokerUrl();
        this.jms = new JmsClient(url, this.engineLogin);
    }

    /** The user the engine logs in as (for a test that must see every queue). */
    public org.camelmta.security.BrokerCredentials engineLogin() {
        return engineLogin;
    }

    /** The generated user of {@code role} (embedded broker only). */
    public org.camelmta.security.BrokerCredentials login(org.camelmta.security.BrokerRole role) {
        return Brokers.login(app.runtime().dataDir(), role);
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public MtaRuntime runtime() {
        return app.runtime();
    }

    public MtaApplication app() {
        return app;
    }

    public JmsClient jms() {
        return jms;
    }

    /** The events written to the delivery log so far. */
    public List<DeliveryEvent> loggedEvents() throws Exception {
        runtime().eventLog().flush(5_000);
        Path file = runtime().eventLog().file();
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(EventLog::fromJson).toList();
    }

    @Override
    public void close() throws Exception {
        jms.close();
        app.close();
    }

    /** Settings for the engine under test. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<org.apache.camel.CamelConfiguration> extra = new java.util.ArrayList<>();

        Builder(Path dataDir) {
            settings.put("mta.data-dir", dataDir.toString());
            settings.put("mta.broker.port", "0");
            settings.put("mta.metrics.port", "0");
            settings.put("mta.routes-reload", "false");
            settings.put("mta.hostname", "mta.test.example");
            settings.put("mta.delivery.consumers", "4");
            // With 4 consumers the default share of one destination is 1, and most tests send
            // several messages to one sink at once: they would wait on holds that are not what
            // they test. The tests of the share set it (StalledDestinationHoldsOnlyItsShareTest).
            settings.put("mta.delivery.max-share", "4");
            // Short timeouts: a test waits on them when a server misbehaves.
            settings.put("mta.connection.default.timeout.connect", "3s");
            settings.put("mta.connection.default.timeout.greeting", "5s");
            settings.put("mta.dns.timeout", "2s");
            settings.put("mta.outbound.allowed-networks", "127.0.0.0/8,::1/128"); // the test zones' MX hosts
        }

        public Builder dns(ZoneDnsServer dns) {
            return set("mta.dns.servers", dns.hostPort());
        }

        public Builder smtpPort(int port) {
            return set("mta.smtp.port", Integer.toString(port));
        }

        /**
         * Quick retries: a failed recipient is tried again two seconds later and the sweep runs
         * every second, so retry scenarios finish in seconds.
         */
        public Builder quickRetries() {
            return set("mta.retry.rules", "* * F,1h,2s").set("mta.retry.sweep-interval", "1s");
        }

        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Leaves {@code key} to the engine's default, where this builder sets it otherwise. */
        public Builder unset(String key) {
            settings.remove(key);
            return this;
        }

        /** A configuration run after the engine's own: beans it binds replace the engine's (to break a step). */
        public Builder configure(java.util.function.Consumer<org.apache.camel.CamelContext> configuration) {
            extra.add(new org.apache.camel.CamelConfiguration() {
                @Override
                public void configure(org.apache.camel.CamelContext context) {
                    configuration.accept(context);
                }
            });
            return this;
        }

        /** Use {@code broker} (mta.broker.url), logged in as its engine user. */
        public Builder externalBroker(org.camelmta.app.EmbeddedBroker broker) {
            return externalBroker(broker.url(), Brokers.login(broker, org.camelmta.security.BrokerRole.ENGINE));
        }

        /** Use the broker at {@code url} (mta.broker.url), logged in as {@code login}. */
        public Builder externalBroker(String url, org.camelmta.security.BrokerCredentials login) {
            return set("mta.broker.url", url).set("mta.broker.user", login.user()).set("mta.broker.password", login.password());
        }

        public TestEngine start() throws Exception {
            org.camelmta.security.BrokerCredentials login = settings.containsKey("mta.broker.user")
                    ? new org.camelmta.security.BrokerCredentials(settings.get("mta.broker.user"),
                            settings.getOrDefault("mta.broker.password", ""))
                    : null;
            MtaApplication app = new MtaApplication(settings);
            extra.forEach(app::configureAfter);
            return new TestEngine(app.start(), login);
        }
    }
}
