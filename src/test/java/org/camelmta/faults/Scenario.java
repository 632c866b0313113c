package org.camelmta.faults;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camelmta.support.TestEngine;

/**
 * What the fault scenarios share: a message submitted as an application would. Their engines
 * retry quickly ({@link TestEngine.Builder#quickRetries()}); their events are read through
 * {@link org.camelmta.support.JmsClient.EventCollector}.
 */
final class Scenario {

    private Scenario() {
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
}
