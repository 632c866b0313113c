package org.camelmta.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camelmta.loopback.SinkAction;
import org.camelmta.smtp.Phase;
import org.camelmta.support.Cli;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.ParsedNotice;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every control verb, through the CLI, against a running engine with deferred mail for two
 * destinations whose servers answer 451: the listing matches what is parked; flush delivers
 * within seconds once the server accepts; suspend holds mail and resume releases it with the
 * retry schedule unchanged; delete removes mail; bounce removes it with a notice to the sender.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorControlsDeferredMailTest {

    @TempDir
    static Path data;
    static Sinks sinks;
    static TestEngine engine;
    static JmsClient.EventCollector events;
    static final AtomicBoolean aAccepts = new AtomicBoolean();
    static final AtomicBoolean bAccepts = new AtomicBoolean();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        sinks = Sinks.onLoopback(3, b -> b.behaviour(ctx -> {
            if (ctx.phase() != Phase.RCPT) {
                return SinkAction.proceed();
            }
            boolean accept = ctx.argument().endsWith("@a.example") ? aAccepts.get()
                    : !ctx.argument().endsWith("@b.example") || bAccepts.get();
            return accept ? SinkAction.proceed() : SinkAction.reply(451, "4.3.2 try later");
        }));
        engine = TestEngine.builder(data)
                .set("mta.routes.a.example", "[127.0.0.2]:" + sinks.port())
                .set("mta.routes.b.example", "[127.0.0.3]:" + sinks.port())
                .set("mta.routes.example.com", "[127.0.0.4]:" + sinks.port())
                .set("mta.retry.rules", "* * F,1d,10m").start();
        events = engine.jms().subscribeEvents();
        for (int i = 0; i < 3; i++) {
            submit("a" + i + "@a.example", "a-" + i);
        }
        for (int i = 0; i < 2; i++) {
            submit("b" + i + "@b.example", "b-" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.jms().browse("mta.deferred").size() == 5);
    }

    @AfterAll
    static void stop() throws Exception {
        events.close();
        engine.close();
        sinks.close();
    }

    static void submit(String rcpt, String id) throws Exception {
        engine.jms().send("mta.submit", Mail.simple("owner@example.com", rcpt, id, "x\r\n"),
                Map.of("mtaSender", "owner@example.com", "mtaRecipients", rcpt, "mtaId", id));
    }

    /** The command with {@code --broker} pointing at the test engine. */
    static Cli.Result cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--broker";
        all[args.length + 1] = engine.runtime().brokerUrl();
        // the CLI finds its operator user in the engine's data directory, as it does in ./data
        all[args.length + 2] = "--data-dir";
        all[args.length + 3] = engine.runtime().dataDir().toString();
        return Cli.run(all);
    }

    static JsonNode json(Cli.Result run) throws Exception {
        return JSON.readTree(run.out()).path("result");
    }

    @Test
    @Order(1)
    void queueListsWhatIsParkedByDestination() throws Exception {
        JsonNode listing = json(cli("queue", "--json"));
        assertThat(listing.path("destinations")).hasSize(2);
        JsonNode a = listing.path("destinations").get(0);
        assertThat(a.path("domain").asText()).isEqualTo("a.example");
        assertThat(a.path("messages").asLong()).isEqualTo(3);
        assertThat(a.path("recipients").asLong()).isEqualTo(3);
        assertThat(a.path("lastError").asText()).startsWith("451 4.3.2");
        assertThat(a.path("nextAttempt").asText()).isNotEmpty();
        assertThat(listing.path("destinations").get(1).path("messages").asLong()).isEqualTo(2);
        assertThat(listing.path("queues").path("mta.deferred").asLong()).isEqualTo(5);

        Cli.Result human = cli("queue");
        assertThat(human.exit()).isZero();
        assertThat(human.out()).contains("DESTINATION").containsPattern("a\\.example +3 +3 ").contains("in 9m")
                .contains("451 4.3.2").doesNotContain("Next page");
    }

    @Test
    @Order(1)
    void queueListsOnePageOfDestinationsAtATime() throws Exception {
        JsonNode first = json(cli("queue", "--limit", "1", "--json"));
        assertThat(first.path("destinations")).hasSize(1);
        assertThat(first.path("destinations").get(0).path("domain").asText()).isEqualTo("a.example");
        assertThat(first.path("total").asLong()).isEqualTo(2);
        assertThat(cli("queue", "--limit", "1").out()).contains("Destinations 1 to 1 of 2. Next page: queue --offset 1 --limit 1");

        JsonNode second = json(cli("queue", "--limit", "1", "--offset", "1", "--json"));
        assertThat(second.path("destinations")).hasSize(1);
        assertThat(second.path("destinations").get(0).path("domain").asText()).isEqualTo("b.example");
        assertThat(second.path("destinations").get(0).path("recipients").asLong()).isEqualTo(2);
        assertThat(cli("queue", "--limit", "1", "--offset", "1").out()).contains("Destinations 2 to 2 of 2.")
                .doesNotContain("Next page");
        assertThat(cli("queue", "--offset", "2").out()).contains("No destinations from offset 2 (there are 2).");
        assertThat(cli("queue", "--limit", "0").exit()).isEqualTo(org.camelmta.cli.ExitCodes.USAGE);
    }

    @Test
    @Order(2)
    void showGivesTheWaitingCopyAndTheHistory() throws Exception {
        JsonNode detail = json(cli("show", "a-1", "--json"));
        JsonNode copy = detail.path("parked").get(0);
        assertThat(copy.path("domain").asText()).isEqualTo("a.example");
        assertThat(copy.path("recipients").get(0).asText()).isEqualTo("a1@a.example");
        assertThat(copy.path("attempts").asInt()).isEqualTo(1);
        assertThat(detail.path("history").get(0).path("event").asText()).isEqualTo("deferred");
        assertThat(cli("show", "a-1").out()).contains("waiting for a.example: a1@a.example").contains("deferred");
        assertThat(cli("show", "no-such-id").exit()).isEqualTo(66);
    }

    @Test
    @Order(3)
    void flushDeliversWithinSecondsOnceTheServerAccepts() throws Exception {
        aAccepts.set(true);
        Cli.Result flush = cli("flush", "--domain", "a.example");
        assertThat(flush.exit()).isZero();
        assertThat(flush.out()).contains("3 messages released");
        assertThat(sinks.get(0).awaitMessages(3, Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.jms().browse("mta.deferred").size() == 2);
        assertThat(cli("flush").exit()).as("a target is required").isEqualTo(org.camelmta.cli.ExitCodes.USAGE);
    }

    @Test
    @Order(4)
    void suspendHoldsMailAndResumeReleasesItWithTheScheduleUnchanged() throws Exception {
        Map<String, Long> before = nextAttempts("b.example");
        assertThat(cli("suspend", "b.example", "--reason", "maintenance").exit()).isZero();
        long connections = sinks.get(1).connectionCount();
        submit("b9@b.example", "b-9");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.jms().browse("mta.deferred").size() == 3);
        assertThat(sinks.get(1).connectionCount()).as("nothing attempted while suspended").isEqualTo(connections);
        assertThat(events.events()).filteredOn(e -> e.id().equals("b-9")).extracting(e -> e.response())
                .allMatch(r -> r.contains("suspended by the operator"));
        assertThat(cli("queue", "b.example").out()).contains("suspended: maintenance");

        bAccepts.set(true);
        assertThat(cli("resume", "b.example").exit()).isZero();
        // What fell due while suspended (b-9) goes at once; the rest keeps its retry time.
        assertThat(sinks.get(1).awaitMessages(1, Duration.ofSeconds(10))).isTrue();
        assertThat(sinks.get(1).delivered().get(0).recipientAddresses()).containsExactly("b9@b.example");
        Thread.sleep(1_000);
        assertThat(sinks.get(1).delivered()).hasSize(1);
        assertThat(nextAttempts("b.example")).isEqualTo(before);
        assertThat(cli("resume", "b.example").exit()).as("not suspended any more").isEqualTo(66);
    }

    @Test
    @Order(5)
    void deleteRemovesMailAndBounceRemovesItWithANotice() throws Exception {
        assertThat(cli("delete", "--id", "b-0").out()).contains("1 message deleted");
        assertThat(cli("delete", "--id", "b-0").exit()).isEqualTo(66);
        Cli.Result bounce = cli("bounce", "--domain", "b.example");
        assertThat(bounce.out()).contains("1 message bounced");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.jms().browse("mta.deferred").isEmpty());
        assertThat(sinks.get(2).awaitMessages(1, Duration.ofSeconds(10))).isTrue();
        ParsedNotice dsn = ParsedNotice.parse(sinks.get(2).delivered().get(0).content());
        assertThat(dsn.recipient(0)).containsEntry("Final-Recipient", "rfc822; b1@b.example").containsEntry("Action", "failed");
        assertThat(dsn.recipient(0).get("Diagnostic-Code")).contains("cancelled by the operator");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.ofType("bounced").stream().anyMatch(e -> e.id().equals("b-1")));
        assertThat(events.ofType("bounced")).noneMatch(e -> e.id().equals("b-0"));
    }

    private static Map<String, Long> nextAttempts(String domain) throws Exception {
        List<Message> parked = engine.jms().browse("mta.deferred");
        Map<String, Long> result = new java.util.TreeMap<>();
        for (Message m : parked) {
            if (domain.equals(m.getStringProperty("mtaDomain"))) {
                result.put(m.getStringProperty("mtaId"), m.getLongProperty("mtaNextAttempt"));
            }
        }
        return result;
    }
}
