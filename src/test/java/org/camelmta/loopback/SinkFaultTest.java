package org.camelmta.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.SmtpReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SinkFaultTest {

    private static final Duration SILENCE = Duration.ofMillis(300);
    private static final Duration CLOSE = Duration.ofSeconds(5);

    @Test
    void aFaultLimitedToOnceHitsOnlyTheFirstTime() throws IOException {
        try (SmtpSink sink = SmtpSink.builder()
                .fault(SinkFault.at(Phase.RCPT, SinkAction.reply(451, "4.3.0 try later")).times(1)).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            assertThat(client.command("RCPT TO:<b@example.com>").toString()).isEqualTo("451 4.3.0 try later");
            assertThat(client.command("RCPT TO:<b@example.com>").toString()).isEqualTo("250 2.1.5 Ok");
        }
    }

    @Test
    void aFaultLimitedToOneConnectionSparesTheOthers() throws IOException {
        try (SmtpSink sink = SmtpSink.builder()
                .fault(SinkFault.at(Phase.MAIL, SinkAction.reply(421, "4.3.2 going down")).onConnection(1)).start()) {
            for (int connection = 0; connection < 3; connection++) {
                try (SinkTestClient client = SinkTestClient.greeted(sink)) {
                    client.ehlo("client.test");
                    String reply = client.command("MAIL FROM:<a@example.org>").toString();
                    if (connection == 1) {
                        assertThat(reply).isEqualTo("421 4.3.2 going down");
                        assertThat(client.closedByServerWithin(CLOSE)).isTrue();
                    } else {
                        assertThat(reply).isEqualTo("250 2.1.0 Ok");
                    }
                }
            }
        }
    }

    @Test
    void closeAtGreetingSendsNothing() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().fault(Phase.GREETING, SinkAction.close()).start();
                SinkTestClient client = SinkTestClient.connect(sink)) {
            assertThat(client.closedByServerWithin(CLOSE)).isTrue();
        }
    }

    @Test
    void aRefusingGreetingAllowsOnlyQuit() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().greeting(554, "5.3.2 not accepting mail").start();
                SinkTestClient client = SinkTestClient.connect(sink)) {
            assertThat(client.readReply().toString()).isEqualTo("554 5.3.2 not accepting mail");
            assertThat(client.command("EHLO client.test").toString()).startsWith("503 5.5.1");
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    void a421GreetingCloses() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().greeting(421, "4.3.2 busy").start();
                SinkTestClient client = SinkTestClient.connect(sink)) {
            assertThat(client.readReply().toString()).isEqualTo("421 4.3.2 busy");
            assertThat(client.closedByServerWithin(CLOSE)).isTrue();
        }
    }

    /** Stall at each phase: the command that reaches it gets no reply, and nothing after it does either. */
    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"GREETING", "EHLO", "MAIL", "RCPT", "DATA", "DATA_END", "RSET", "QUIT"})
    void stallAtAPhaseLeavesTheClientWaiting(Phase phase) throws IOException {
        try (SmtpSink sink = SmtpSink.builder().fault(phase, SinkAction.stall()).start();
                SinkTestClient client = SinkTestClient.connect(sink)) {
            assertThat(driveTo(client, phase)).isTrue();
            assertThat(client.silentFor(SILENCE)).isTrue();
            assertThat(sink.connections().get(0).isOpen()).isTrue();
        }
    }

    /** Close at each phase: the command that reaches it gets no reply, just the end of the connection. */
    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"GREETING", "EHLO", "MAIL", "RCPT", "DATA", "DATA_END", "RSET", "QUIT"})
    void closeAtAPhaseDropsTheConnectionWithoutAReply(Phase phase) throws IOException {
        try (SmtpSink sink = SmtpSink.builder().fault(phase, SinkAction.close()).start();
                SinkTestClient client = SinkTestClient.connect(sink)) {
            assertThat(driveTo(client, phase)).isTrue();
            assertThat(client.closedByServerWithin(CLOSE)).isTrue();
        }
    }

    @Test
    void repliesToEarlierPipelinedCommandsStillArriveBeforeAClose() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().fault(Phase.DATA, SinkAction.close()).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.com>", "DATA");
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(client.closedByServerWithin(CLOSE)).isTrue();
        }
    }

    @Test
    void theBehaviourSeesWhereTheConnectionStands() throws IOException {
        List<SinkContext> seen = new CopyOnWriteArrayList<>();
        SinkBehaviour secondMessageRefused = context -> {
            seen.add(context);
            return context.phase() == Phase.DATA_END && context.messageIndex() == 1
                    ? SinkAction.reply(554, "5.7.1 second message refused") : SinkAction.proceed();
        };
        try (SmtpSink sink = SmtpSink.builder().behaviour(secondMessageRefused).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(deliver(client).code()).isEqualTo(250);
            assertThat(deliver(client).toString()).isEqualTo("554 5.7.1 second message refused");

            assertThat(seen).extracting(SinkContext::phase).containsExactly(Phase.GREETING, Phase.EHLO,
                    Phase.MAIL, Phase.RCPT, Phase.DATA, Phase.DATA_END, Phase.MAIL, Phase.RCPT, Phase.DATA, Phase.DATA_END);
            SinkContext rcpt = seen.get(3);
            assertThat(rcpt.argument()).isEqualTo("b@example.com");
            assertThat(rcpt.transaction().mailFrom()).isEqualTo("a@example.org");
            assertThat(rcpt.transaction().recipients()).isEmpty();
            SinkContext secondEnd = seen.get(9);
            assertThat(secondEnd.connectionIndex()).isZero();
            assertThat(secondEnd.messageIndex()).isEqualTo(1);
            assertThat(secondEnd.transaction().contentAsString()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
            assertThat(sink.transactions()).extracting(SinkTransaction::finalCode).containsExactly(250, 554);
        }
    }

    @Test
    void aPositiveReplyFromTheBehaviourChangesOnlyTheWords() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().behaviour(context -> context.phase() == Phase.MAIL
                ? SinkAction.reply(250, "2.1.0 sender looks fine") : SinkAction.proceed()).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(client.command("MAIL FROM:<a@example.org>").toString()).isEqualTo("250 2.1.0 sender looks fine");
            assertThat(client.command("RCPT TO:<b@example.com>").code()).as("the transaction began").isEqualTo(250);
        }
    }

    @Test
    void faultsComeBeforeTheBehaviourAndTheBehaviourBeforeTheKeyedDefaults() throws IOException {
        try (SmtpSink sink = SmtpSink.builder()
                .fault(SinkFault.at(Phase.RCPT, SinkAction.reply(452, "4.5.3 fault")).times(1))
                .behaviour(context -> context.argument().startsWith("550-")
                        ? SinkAction.reply(250, "2.1.5 behaviour says yes") : SinkAction.proceed())
                .start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            assertThat(client.command("RCPT TO:<550-x@example.com>").toString()).isEqualTo("452 4.5.3 fault");
            assertThat(client.command("RCPT TO:<550-x@example.com>").toString()).isEqualTo("250 2.1.5 behaviour says yes");
            assertThat(client.command("RCPT TO:<551-x@example.com>").code()).isEqualTo(551);
        }
    }

    @Test
    void afterTheConfiguredNumberOfMessagesTheNextMailGets421AndTheConnectionCloses() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().closeAfterMessages(2).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            assertThat(deliver(client).code()).isEqualTo(250);
            assertThat(deliver(client).code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<a@example.org>").toString()).startsWith("421 4.7.0 ").contains("closing");
            assertThat(client.closedByServerWithin(CLOSE)).isTrue();
            assertThat(sink.messageCount()).isEqualTo(2);
        }
    }

    @Test
    void recipientsBeyondTheLimitGet452() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().maxRecipients(2).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            client.command("MAIL FROM:<a@example.org>");
            assertThat(client.command("RCPT TO:<r1@example.com>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<r2@example.com>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<r3@example.com>").toString()).isEqualTo("452 4.5.3 Error: too many recipients");
            client.command("DATA");
            client.send("x", ".");
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(sink.transactions().get(0).recipientAddresses()).containsExactly("r1@example.com", "r2@example.com");
        }
    }

    @Test
    void aSilentClientIsToldOffAfterTheIdleTimeout() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().idleTimeout(Duration.ofMillis(200)).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            assertThat(client.readReply().toString()).startsWith("421 4.4.2 ");
            assertThat(client.closedByServerWithin(CLOSE)).isTrue();
        }
    }

    @Test
    void faultsHaveNoConnectOrLookupPhase() {
        assertThatThrownBy(() -> SinkFault.at(Phase.CONNECT, SinkAction.close())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SinkFault.at(Phase.LOOKUP, SinkAction.close())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Sends what reaches {@code phase}, reading every reply before it; true once the phase's command is sent. */
    private static boolean driveTo(SinkTestClient client, Phase phase) throws IOException {
        if (phase == Phase.GREETING) {
            return true;
        }
        client.readReply();
        List<String> script = List.of("EHLO client.test", "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.com>", "DATA");
        List<Phase> phases = List.of(Phase.EHLO, Phase.MAIL, Phase.RCPT, Phase.DATA);
        if (phase == Phase.RSET || phase == Phase.QUIT) {
            client.command("EHLO client.test");
            client.send(phase.name());
            return true;
        }
        for (int i = 0; i < script.size(); i++) {
            client.send(script.get(i));
            if (phases.get(i) == phase) {
                return true;
            }
            client.readReply();
        }
        client.send("x", ".");
        return phase == Phase.DATA_END;
    }

    private static SmtpReply deliver(SinkTestClient client) throws IOException {
        client.command("MAIL FROM:<a@example.org>");
        client.command("RCPT TO:<b@example.com>");
        client.command("DATA");
        client.send("Subject: hi", "", "body", ".");
        return client.readReply();
    }
}
