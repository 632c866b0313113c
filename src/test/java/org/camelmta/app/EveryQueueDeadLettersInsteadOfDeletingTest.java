package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.support.Brokers;
import org.camelmta.support.JmsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artemis' trap: a message that has failed max-delivery-attempts times on a queue without a
 * dead-letter address is deleted. The broker camel-mta ships (artemis/broker.xml) must never do
 * that: every address the routes use is declared, and each one's effective settings, read from
 * the running broker, either move such a message to mta.dlq or never give up on it (mta.dlq
 * itself). Expired messages go to mta.dlq as well. And the broker really does move one.
 */
class EveryQueueDeadLettersInsteadOfDeletingTest {

    private static final Pattern DESTINATION = Pattern.compile("jms:(?:queue|topic):([A-Za-z0-9_.]+)");

    @TempDir
    Path data;

    @Test
    void everyAddressTheRoutesUseDeadLettersToMtaDlq() throws Exception {
        try (EmbeddedBroker broker = broker()) {
            ActiveMQServer server = broker.broker().getActiveMQServer();
            Set<String> declared = new TreeSet<>();
            for (CoreAddressConfiguration a : server.getConfiguration().getAddressConfigurations()) {
                declared.add(a.getName());
            }
            assertThat(declared).as("declared in broker.xml, never auto-created").containsAll(routeDestinations());

            for (String address : declared) {
                AddressSettings s = server.getAddressSettingsRepository().getMatch(address);
                if (address.equals("mta.dlq")) {
                    assertThat(s.getMaxDeliveryAttempts()).as("mta.dlq keeps what it gets").isEqualTo(-1);
                    continue;
                }
                assertThat(String.valueOf(s.getDeadLetterAddress())).as("dead-letter address of %s", address).isEqualTo("mta.dlq");
                assertThat(String.valueOf(s.getExpiryAddress())).as("expiry address of %s", address).isEqualTo("mta.dlq");
                assertThat(s.getMaxDeliveryAttempts()).as("max-delivery-attempts of %s", address).isPositive();
            }
            // Whatever else a client creates (reply queues, subscriptions) dead-letters as well.
            assertThat(String.valueOf(server.getAddressSettingsRepository().getMatch("some.client.queue")
                    .getDeadLetterAddress())).isEqualTo("mta.dlq");
        }
    }

    @Test
    void aMessageRolledBackPastTheLimitIsMovedToMtaDlqNotDeleted() throws Exception {
        try (EmbeddedBroker broker = broker()) {
            ActiveMQServer server = broker.broker().getActiveMQServer();
            AddressSettings delivery = server.getAddressSettingsRepository().getMatch("mta.delivery");
            int limit = delivery.getMaxDeliveryAttempts();
            // Only the wait between redeliveries is shortened, so the test takes no minutes.
            server.getAddressSettingsRepository().addMatch("mta.delivery", delivery.setRedeliveryDelay(0));

            try (JmsClient client = new JmsClient(broker.url(), Brokers.login(broker, org.camelmta.security.BrokerRole.ENGINE));
                 ActiveMQConnectionFactory cf = Brokers.factory(broker.url(), Brokers.login(broker, org.camelmta.security.BrokerRole.ENGINE));
                 Connection connection = cf.createConnection()) {
                client.send("mta.delivery", "poison".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        java.util.Map.of("mtaId", "P1"));
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("mta.delivery"));
                int rolledBack = 0;
                for (Message m = consumer.receive(2_000); m != null && rolledBack <= limit; m = consumer.receive(2_000)) {
                    session.rollback();
                    rolledBack++;
                }
                assertThat(rolledBack).isEqualTo(limit);
                session.close();

                assertThat(client.browse("mta.delivery")).isEmpty();
                Message dead = client.receive("mta.dlq", java.time.Duration.ofSeconds(5));
                assertThat(dead).as("moved, not deleted").isNotNull();
                assertThat(dead.getStringProperty("mtaId")).isEqualTo("P1");
                assertThat(dead.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo("mta.delivery");
            }
        }
    }

    private EmbeddedBroker broker() throws Exception {
        return Brokers.onLoopback(data);
    }

    /** Every jms:queue: and jms:topic: destination named in the shipped routes. */
    private static Set<String> routeDestinations() throws IOException {
        Set<String> result = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = DESTINATION.matcher(Files.readString(f));
                while (m.find()) {
                    result.add(m.group(1));
                }
            }
        }
        assertThat(result).contains("mta.submit", "mta.delivery", "mta.deferred", "mta.invalid", "mta.dlq", "mta.events");
        return result;
    }
}
