package org.camelmta.cli;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.security.BrokerRole;
import org.camelmta.config.Durations;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.events.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code events}: follow {@code mta.events}, filtered, as lines a person reads or as JSON. */
@Command(name = "events", mixinStandardHelpOptions = true,
         description = "Follow delivery events as they happen (Ctrl-C to stop).")
public class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Option(names = "--json", description = "Print each event as its JSON line.")
    boolean json;

    @Option(names = {"-e", "--event"}, paramLabel = "TYPE", split = ",",
            description = "Only these: delivered, deferred, bounced, expired, invalid.")
    List<String> types;

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN", description = "Only this recipient domain.")
    String domain;

    @Option(names = "--id", paramLabel = "ID", description = "Only this message.")
    String id;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Exit after N matching events.")
    Long count;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "Exit after this long (e.g. 10m).")
    String maxTime;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Instant deadline = maxTime == null ? null : Instant.now().plus(Durations.parse(maxTime));
        long seen = 0;
        try (ActiveMQConnectionFactory cf = broker.connectionFactory(BrokerRole.MONITOR); Connection connection = cf.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic("mta.events"));
            connection.start();
            while (count == null || seen < count) {
                long wait = deadline == null ? 1000 : Math.min(1000, Duration.between(Instant.now(), deadline).toMillis());
                if (wait <= 0) {
                    break;
                }
                Message m = consumer.receive(wait);
                if (!(m instanceof TextMessage text)) {
                    continue;
                }
                DeliveryEvent e = EventLog.fromJson(text.getText());
                if (matches(e)) {
                    seen++;
                    out.println(json ? text.getText() : line(e));
                    out.flush();
                }
            }
        } catch (JMSException | java.io.IOException e) {
            spec.commandLine().getErr().println("events: cannot follow mta.events at " + broker.url() + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        return ExitCodes.OK;
    }

    private boolean matches(DeliveryEvent e) {
        return (types == null || types.contains(e.event())) && (domain == null || domain.equalsIgnoreCase(e.domain()))
                && (id == null || id.equals(e.id()));
    }

    static String line(DeliveryEvent e) {
        String where = e.mx() == null ? "" : " " + e.mx() + "[" + e.ip() + "]";
        String next = e.nextAttempt() == null ? "" : " next " + e.nextAttempt();
        return String.format("%s %-9s %s <%s> -> <%s>%s: %s%s", e.timestamp(), e.event(), e.id(), e.sender(), e.recipient(),
                where, e.response(), next);
    }
}
