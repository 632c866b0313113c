package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.server.JournalType;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Journals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {

    @TempDir
    Path data;

    @Test
    void anAcceptorThatCannotBindStopsTheStartInsteadOfOnlyLogging() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedBroker broker = new EmbeddedBroker();
            assertThatThrownBy(() -> broker.start(Path.of("artemis/broker.xml").toUri().toURL(), data, "127.0.0.1",
                    taken.getLocalPort())).isInstanceOf(IllegalStateException.class).hasMessageContaining("did not start");
        }
    }

    @Test
    void portZeroGivesAFreePortAndItsUrl() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker().start(Path.of("artemis/broker.xml").toUri().toURL(), data,
                null, 0)) {
            assertThat(broker.url()).matches("tcp://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
            assertThat(data.resolve("broker").resolve("journal")).isDirectory();
        }
    }

    /**
     * Where libaio is installed (CI installs it), the build's target/native must make the AIO
     * journal load in the test JVM; where it is not, the broker must still start, on NIO.
     */
    @Test
    void writesTheAioJournalWhereLibaioIsInstalledAndKeepsMessagesAcrossARestart() throws Exception {
        JournalType expected = Journals.expected();
        assertThat(keepsAMessageAcrossARestart(EmbeddedBroker::new))
                .as("the journal, with libaio %s (AIO also needs -Djava.library.path=target/native, which the "
                        + "pom gives the tests)", Journals.libaioInstalled() ? "installed" : "not installed")
                .isEqualTo(expected);
    }

    @Test
    void fallsBackToTheNioJournalWhereAioCannotRun() throws Exception {
        assertThat(keepsAMessageAcrossARestart(() -> new EmbeddedBroker(directory -> false))).isEqualTo(JournalType.NIO);
    }

    /** An operator who installs libaio after running a while (or removes it) needs no migration. */
    @Test
    void aJournalWrittenWithNioIsReadWithAioAndBack() throws Exception {
        URL config = Path.of("artemis/broker.xml").toUri().toURL();
        try (EmbeddedBroker nio = new EmbeddedBroker(directory -> false).start(config, data, "127.0.0.1", 0);
                JmsClient client = new JmsClient(nio.url())) {
            client.send("mta.control", "from NIO".getBytes(StandardCharsets.US_ASCII), Map.of());
        }
        try (EmbeddedBroker aio = new EmbeddedBroker().start(config, data, "127.0.0.1", 0);
                JmsClient client = new JmsClient(aio.url())) {
            assertThat(aio.journalType()).isEqualTo(Journals.expected());
            assertThat(body(client.receive("mta.control", Duration.ofSeconds(5)))).isEqualTo("from NIO");
            client.send("mta.control", "from AIO".getBytes(StandardCharsets.US_ASCII), Map.of());
        }
        try (EmbeddedBroker nio = new EmbeddedBroker(directory -> false).start(config, data, "127.0.0.1", 0);
                JmsClient client = new JmsClient(nio.url())) {
            assertThat(body(client.receive("mta.control", Duration.ofSeconds(5)))).isEqualTo("from AIO");
        }
    }

    private static String body(Message m) throws Exception {
        assertThat(m).as("the message sent before the restart").isNotNull();
        return new String(JmsClient.body(m), StandardCharsets.US_ASCII);
    }

    /** Sends a persistent message, restarts the broker on the same files, and takes the message back. */
    private JournalType keepsAMessageAcrossARestart(Supplier<EmbeddedBroker> brokers) throws Exception {
        URL config = Path.of("artemis/broker.xml").toUri().toURL();
        JournalType journal;
        try (EmbeddedBroker broker = brokers.get().start(config, data, "127.0.0.1", 0);
                JmsClient client = new JmsClient(broker.url())) {
            journal = broker.journalType();
            client.send("mta.control", "kept".getBytes(StandardCharsets.US_ASCII), Map.of());
        }
        try (EmbeddedBroker again = brokers.get().start(config, data, "127.0.0.1", 0); JmsClient client = new JmsClient(again.url())) {
            assertThat(body(client.receive("mta.control", Duration.ofSeconds(5)))).isEqualTo("kept");
        }
        return journal;
    }
}
