package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelmta.support.Brokers;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * camel-mta dropped into someone else's Camel runtime: a plain CamelContext (no camel-mta Main),
 * an external broker, the application's own {@code jms} component, camel-mta's beans bound by
 * one call and its routes loaded from the jar. Mail submitted over JMS is delivered, and the
 * {@code smtp-delivery} component was discovered by its scheme.
 */
class PlainCamelContextDeliversMailTest {

    @TempDir
    Path dir;

    @Test
    void configureLoadRoutesStartDeliver() throws Exception {
        try (EmbeddedBroker external = Brokers.onLoopback(dir.resolve("broker"));
             Sinks sinks = Sinks.onLoopback(1);
             CamelContext camel = new DefaultCamelContext()) {
            // The host application's own JMS setup.
            JmsComponent jms = new JmsComponent();
            jms.setConnectionFactory(Brokers.factory(external.url(), Brokers.login(external, org.camelmta.security.BrokerRole.ENGINE)));
            jms.setLazyCreateTransactionManager(false);
            jms.setCacheLevelName("CACHE_CONSUMER");
            camel.addComponent("jms", jms);
            camel.getPropertiesComponent().setInitialProperties(props(Map.of(
                    "mta.broker.url", external.url(),
                    "mta.jms.configure", "false",
                    "mta.data-dir", dir.resolve("data").toString(),
                    "mta.hostname", "embedded.test.example",
                    "mta.metrics.port", "0",
                    "mta.routes.*", "[127.0.0.2]:" + sinks.port())));

            new MtaConfiguration().configure(camel);
            MtaConfiguration.loadRoutes(camel, null);
            camel.start();

            assertThat(camel.getComponent("smtp-delivery")).isNotNull();
            assertThat(camel.getRoutes()).extracting(r -> r.getRouteId())
                    .contains("mta-submit", "mta-deliver", "mta-events", "mta-control");
            try (JmsClient client = new JmsClient(external.url(), Brokers.login(external, org.camelmta.security.BrokerRole.ENGINE))) {
                client.send("mta.submit", Mail.simple("a@example.com", "b@example.net", "embedded", "x\r\n"),
                        Map.of("mtaSender", "a@example.com", "mtaRecipients", "b@example.net"));
                assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
                assertThat(sinks.get(0).delivered().get(0).heloName()).isEqualTo("embedded.test.example");
            }
        }
    }

    private static java.util.Properties props(Map<String, String> values) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(values);
        return p;
    }
}
