package org.camelmta.faults;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.JmsClient;
import org.camelmta.support.TestEngine;

/**
 * What the fault scenarios share: an engine that retries after two seconds, a message
 * submitted as an application would, and the user's view of it (its events).
 */
final class Scenario {

    /** The retry rule of every scenario: a failed recipient is tried again two seconds later. */
    static final String QUICK_RETRIES = "* * F,1h,2s";

    private Scenario() {
    }

    /** An engine with quick retries, on {@code data}; the caller adds routes or DNS. */
    static TestEngine.Builder engine(Path data) {
        return TestEngine.builder(data).set("mta.retry.rules", QUICK_RETRIES).set("mta.retry.sweep-interval", "1s");
    }

    /** Submits one message from {@code sender} to {@code recipients} (comma-separated). */
    static void submit(TestEngine engine, String sender, String recipients, String subject, String... properties)
            throws Exception {
        submitBody(engine, sender, recipients, subject, "fault scenario " + subject + "\r\n", properties);
    }

    /** As {@link #submit}, with the body given. */
    static void submitBody(TestEngine engine, String sender, String recipients, String subject, String body,
                           String... properties) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("mtaSender", sender);
        props.put("mtaRecipients", recipients);
        for (int i = 0; i + 1 < properties.length; i += 2) {
            props.put(properties[i], properties[i + 1]);
        }
        String message = "From: " + sender + "\r\nTo: " + recipients + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replaceAll("[^A-Za-z0-9]", "") + "@faults.example>\r\n\r\n" + body;
        engine.jms().send("mta.submit", message.getBytes(StandardCharsets.UTF_8), props);
    }

    /** Waits for the first event of {@code type} for {@code recipient}. */
    static DeliveryEvent awaitEvent(JmsClient.EventCollector events, String type, String recipient, Duration timeout) {
        await().atMost(timeout).until(() -> !of(events, type, recipient).isEmpty());
        return of(events, type, recipient).get(0);
    }

    /** The events of {@code type} for {@code recipient}, in arrival order. */
    static List<DeliveryEvent> of(JmsClient.EventCollector events, String type, String recipient) {
        return events.ofType(type).stream().filter(e -> e.recipient().equals(recipient)).toList();
    }

    /** Every event for {@code recipient}, in arrival order, as "type code". */
    static List<String> story(JmsClient.EventCollector events, String recipient) {
        return events.events().stream().filter(e -> e.recipient().equals(recipient))
                .map(e -> e.event() + " " + e.code()).toList();
    }
}
