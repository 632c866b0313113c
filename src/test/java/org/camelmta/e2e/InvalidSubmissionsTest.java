package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.Unstamped;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of unacceptable submission lands on mta.invalid, unchanged, with its reason (the
 * table in docs/reliability.md; a limit's reason names its setting) and an invalid event;
 * delivery goes on. A TextMessage that can be sent as UTF-8
 * arrives as exactly those bytes.
 */
class InvalidSubmissionsTest {

    @TempDir
    static Path data;
    static ZoneDnsServer dns;
    static Sinks sinks;
    static TestEngine engine;
    static JmsClient.EventCollector events;

    static final byte[] GOOD = Mail.simple("a@example.com", "b@example.org", "fine", "body\r\n");

    @BeforeAll
    static void start() throws Exception {
        sinks = Sinks.onLoopback(1);
        dns = ZoneDnsServer.start().zone("example.org", """
                @  IN SOA ns.example.org. hostmaster.example.org. 1 3600 600 86400 60
                @  IN MX 10 mx.example.org.
                mx IN A 127.0.0.2
                """);
        engine = TestEngine.builder(data).dns(dns).smtpPort(sinks.port()).set("mta.max-message-size", "20000").start();
        events = engine.jms().subscribeEvents();
    }

    @AfterAll
    static void stop() throws Exception {
        events.close();
        engine.close();
        sinks.close();
        dns.close();
    }

    static Stream<Arguments> submissions() {
        byte[] noHeaders = "Subject: nothing\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("no recipients", GOOD, props("a@example.com", ""), "no recipients"),
                Arguments.of("no recipient headers either", noHeaders, props("a@example.com", null), "no recipients"),
                Arguments.of("double at", GOOD, props("a@example.com", "a@@b.example"), "bad recipient 'a@@b.example'"),
                Arguments.of("CR LF smuggling a command", GOOD, props("a@example.com", "x@example.org\r\nRCPT TO:<evil@example.net>"),
                        "CR or LF in address"),
                Arguments.of("NUL in address", GOOD, props("a@example.com", "x\u0000y@example.org"), "NUL in address"),
                Arguments.of("local part over 64", GOOD, props("a@example.com", "l".repeat(65) + "@example.org"),
                        "local part is 65 octets"),
                Arguments.of("path over 256", GOOD, props("a@example.com", "l".repeat(64) + "@" + ("d".repeat(60) + ".").repeat(3) + "example.org"),
                        "octets, more than 256"),
                Arguments.of("bad sender", GOOD, props("not an address", "b@example.org"), "bad sender"),
                Arguments.of("no sender, no From", noHeaders, props(null, "b@example.org"), "no sender"),
                Arguments.of("empty body", new byte[0], props("a@example.com", "b@example.org"), "empty message"),
                Arguments.of("too big", new byte[20_001], props("a@example.com", "b@example.org"),
                        "exceeds the limit of 20000 octets (mta.max-message-size)"),
                Arguments.of("too many recipients", GOOD, props("a@example.com", recipients(1_001, 1)),
                        "too many recipients: more than 1000 (mta.max-recipients)"),
                Arguments.of("too many recipient domains", GOOD, props("a@example.com", recipients(101, 101)),
                        "too many recipient domains: more than 100 (mta.max-recipient-domains)"),
                Arguments.of("bad id", GOOD, withId(props("a@example.com", "b@example.org"), "has spaces"), "bad mtaId"),
                Arguments.of("line over 998 octets", Mail.simple("a@example.com", "b@example.org", "long", "x".repeat(999) + "\r\n"),
                        props("a@example.com", "b@example.org"), "line 6 is 999 octets, more than 998"),
                Arguments.of("line over 998 octets without a line end", Mail.simple("a@example.com", "b@example.org", "long",
                        "short\r\n" + "y".repeat(5000)), props("a@example.com", "b@example.org"), "line 7 is 5000 octets"));
    }

    static Stream<Arguments> textSubmissions() {
        return Stream.of(
                Arguments.of("non-ASCII text declaring ISO-8859-1",
                        "From: a@example.com\r\nTo: b@example.org\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\ncaf\u00e9\r\n",
                        "declares charset=iso-8859-1"),
                Arguments.of("non-ASCII text with a part declaring windows-1252",
                        "From: a@example.com\r\nTo: b@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                                + "Content-Type: text/plain;\r\n charset=\"windows-1252\"\r\n\r\n\u20ac 5\r\n--b--\r\n",
                        "declares charset=windows-1252"),
                Arguments.of("text longer than the limit", "From: a@example.com\r\nTo: b@example.org\r\n\r\n"
                        + ("x".repeat(900) + "\r\n").repeat(23), "exceeds the limit of 20000 octets (mta.max-message-size)"),
                Arguments.of("unpaired surrogate", "From: a@example.com\r\nTo: b@example.org\r\n\r\nbroken \ud800 text\r\n",
                        "not valid Unicode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textSubmissions")
    void textMessagesThatCannotBeSentAsUtf8AreRefused(String name, String text, String reason) throws Exception {
        String marker = "text-" + name.replace(' ', '-');
        engine.jms().sendText("mta.submit", text, Map.of("mtaSender", "a@example.com", "testCase", marker));

        Message refused = engine.jms().receive("mta.invalid", "testCase = '" + marker + "'", Duration.ofSeconds(15));
        assertThat(refused).as("parked on mta.invalid").isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) refused).getText()).isEqualTo(text);
        assertThat(refused.getStringProperty("mtaError")).contains(reason);
    }

    @Test
    void aTextMessageArrivesAsUtf8() throws Exception {
        String text = "From: a@example.com\r\nTo: utf8@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Subject: text\r\n\r\nna\u00efve \u20ac \ud83d\udce8\r\n";
        engine.jms().sendText("mta.submit", text, Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> sinks.get(0).delivered().stream()
                .anyMatch(t -> t.recipientAddresses().contains("utf8@example.org")));
        SinkTransaction t = sinks.get(0).delivered().stream()
                .filter(d -> d.recipientAddresses().contains("utf8@example.org")).findFirst().orElseThrow();
        assertThat(Unstamped.bytes(t.content())).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submissions")
    void refusedToMtaInvalidWithTheReason(String name, byte[] body, Map<String, String> properties, String reason)
            throws Exception {
        String marker = "case-" + name.replace(' ', '-');
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.put("testCase", marker);
        engine.jms().send("mta.submit", body, props);

        Message refused = engine.jms().receive("mta.invalid", "testCase = '" + marker + "'",
                Duration.ofSeconds(15));
        assertThat(refused).as("parked on mta.invalid").isNotNull();
        assertThat(refused.getStringProperty("testCase")).isEqualTo(marker);
        assertThat(refused.getStringProperty("mtaError")).contains(reason);
        assertThat(JmsClient.body(refused)).isEqualTo(body);
        for (Map.Entry<String, String> p : properties.entrySet()) {
            assertThat(refused.getStringProperty(p.getKey())).isEqualTo(p.getValue());
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                events.ofType("invalid").stream().anyMatch(e -> e.response().contains(reason)));
    }

    @Test
    void theEngineKeepsDeliveringAfterRefusals() throws Exception {
        engine.jms().send("mta.submit", new byte[0], props("a@example.com", "b@example.org"));
        engine.jms().send("mta.submit", GOOD, props("a@example.com", "b@@example.org"));
        engine.jms().send("mta.submit", GOOD, props("a@example.com", "b@example.org"));
        assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                events.ofType("delivered").stream().map(DeliveryEvent::recipient).toList().contains("b@example.org"));
        List<Message> left = engine.jms().browse("mta.submit");
        assertThat(left).isEmpty();
    }

    private static Map<String, String> props(String sender, String recipients) {
        Map<String, String> m = new LinkedHashMap<>();
        if (sender != null) {
            m.put("mtaSender", sender);
        }
        if (recipients != null) {
            m.put("mtaRecipients", recipients);
        }
        return m;
    }

    /** n distinct recipients over the given number of domains (each a made-up .invalid domain). */
    private static String recipients(int n, int domains) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(sb.length() == 0 ? "" : ",").append("r").append(i).append("@d").append(i % domains).append(".invalid");
        }
        return sb.toString();
    }

    private static Map<String, String> withId(Map<String, String> m, String id) {
        m.put("mtaId", id);
        return m;
    }
}
