package org.camelmta.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelmta.app.CamelMta;
import org.camelmta.events.DeliveryEvent;
import org.camelmta.support.Cli;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The quick start in-process: `sink` listens, the engine routes everything to it with a static
 * route, `send` submits a file and prints the id, the sink prints the message and the
 * delivered event carries the same id.
 */
class SendToSinkThroughTheEngineTest {

    @TempDir
    Path dir;

    @Test
    void sendPrintsTheIdAndTheSinkPrintsTheMessage() throws Exception {
        StringWriter sinkOut = new StringWriter();
        CommandLine sinkCli = CamelMta.commandLine();
        sinkCli.setOut(new PrintWriter(sinkOut, true));
        CompletableFuture<Integer> sink = CompletableFuture.supplyAsync(() ->
                sinkCli.execute("sink", "--listen", "127.0.0.1:0", "--count", "3", "--max-time", "60s"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sinkOut.toString().contains("sink listening on"));
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(sinkOut.toString());
        assertThat(m.find()).isTrue();

        try (TestEngine engine = TestEngine.builder(dir.resolve("data")).set("mta.routes.*", "127.0.0.1:" + m.group(1)).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Path eml = dir.resolve("hello.eml");
            Files.write(eml, Mail.simple("alice@example.com", "bob@example.net, carol@example.org", "Hello", "Hi!\r\n"));

            Cli.Result first = Cli.run("send", "--broker", engine.runtime().brokerUrl(), "--data-dir", engine.runtime().dataDir().toString(), "--from", "alice@example.com",
                    "--to", "bob@example.net", eml.toString());
            assertThat(first.exit()).isZero();
            String id = first.out().strip();
            assertThat(id).matches("[0-9A-Z]{22}");

            // Without --to the recipients come from the headers, as with sendmail -t: two domains,
            // so two deliveries.
            Cli.Result second = Cli.run("send", "--broker", engine.runtime().brokerUrl(), "--data-dir", engine.runtime().dataDir().toString(), eml.toString());
            assertThat(second.exit()).isZero();

            assertThat(sink.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(sinkOut.toString()).contains("from=<alice@example.com> to=<bob@example.net> size=")
                    .contains("subject=\"Hello\"").contains("received 3 messages");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.ofType("delivered").size() == 3);
            assertThat(events.ofType("delivered")).filteredOn(e -> e.id().equals(id))
                    .extracting(DeliveryEvent::recipient).containsExactly("bob@example.net");
            assertThat(events.ofType("delivered")).filteredOn(e -> e.id().equals(second.out().strip()))
                    .extracting(DeliveryEvent::recipient).containsExactlyInAnyOrder("bob@example.net", "carol@example.org");
        }
    }

    @Test
    void sendFailsWithExitCode69WhenTheBrokerIsNotThere() throws Exception {
        Path eml = dir.resolve("x.eml");
        Files.write(eml, Mail.simple("a@example.com", "b@example.net", "x", "x\r\n"));
        StringWriter err = new StringWriter();
        CommandLine send = CamelMta.commandLine();
        send.setErr(new PrintWriter(err, true));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        assertThat(send.execute("send", "--broker", "tcp://127.0.0.1:" + port, eml.toString())).isEqualTo(69);
        assertThat(err.toString()).contains("cannot submit");
    }
}
