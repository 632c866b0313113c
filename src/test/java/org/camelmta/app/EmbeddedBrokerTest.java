package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.server.JournalType;
import org.camelmta.support.Brokers;
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
        assertThat(keepsAMessageAcrossARestart(() -> Brokers.onLoopback(data)))
                .as("the journal, with libaio %s (AIO also needs -Djava.library.path=target/native, which the "
                        + "pom gives the tests)", Journals.libaioInstalled() ? "installed" : "not installed")
                .isEqualTo(expected);
    }

    @Test
    void fallsBackToTheNioJournalWhereAioCannotRun() throws Exception {
        assertThat(keepsAMessageAcrossARestart(this::nioBroker)).isEqualTo(JournalType.NIO);
    }

    /** An operator who installs libaio after running a while (or removes it) needs no migration. */
    @Test
    void aJournalWrittenWithNioIsReadWithAioAndBack() throws Exception {
        try (EmbeddedBroker nio = nioBroker(); JmsClient client = new JmsClient(nio.url(), Brokers.login(nio, org.camelmta.security.BrokerRole.ENGINE))) {
            client.send("mta.control", "from NIO".getBytes(StandardCharsets.US_ASCII), Map.of());
        }
        try (EmbeddedBroker aio = Brokers.onLoopback(data); JmsClient client = new JmsClient(aio.url(), Brokers.login(aio, org.camelmta.security.BrokerRole.ENGINE))) {
            assertThat(aio.journalType()).isEqualTo(Journals.expected());
            assertThat(body(client.receive("mta.control", Duration.ofSeconds(5)))).isEqualTo("from NIO");
            client.send("mta.control", "from AIO".getBytes(StandardCharsets.US_ASCII), Map.of());
        }
        try (EmbeddedBroker nio = nioBroker(); JmsClient client = new JmsClient(nio.url(), Brokers.login(nio, org.camelmta.security.BrokerRole.ENGINE))) {
            assertThat(body(client.receive("mta.control", Duration.ofSeconds(5)))).isEqualTo("from AIO");
        }
    }

    /** The project's broker on loopback, as {@link Brokers#onLoopback} starts it, but as if AIO could not run. */
    private EmbeddedBroker nioBroker() throws Exception {
        return new EmbeddedBroker(directory -> false).start(Path.of("artemis/broker.xml").toUri().toURL(), data,
                "127.0.0.1", 0);
    }

    private interface BrokerStart {
        EmbeddedBroker start() throws Exception;
    }

    private static String body(Message m) throws Exception {
        assertThat(m).as("the message sent before the restart").isNotNull();
        return new String(JmsClient.body(m), StandardCharsets.US_ASCII);
    }

    /** Sends a persistent message, restarts the broker on the same files, and takes the message back. */
    private JournalType keepsAMessageAcrossARestart(BrokerStart brokers) throws Exception {
        JournalType journal;
        try (EmbeddedBroker broker = brokers.start(); JmsClient client = new JmsClient(broker.url(), Brokers.login(broker, org.camelmta.security.BrokerRole.ENGINE))) {
            journal = broker.journalType();
            client.send("mta.control", "kept".getBytes(StandardCharsets.US_ASCII), Map.of());
        }
        try (EmbeddedBroker again = brokers.start(); JmsClient client = new JmsClient(again.url(), Brokers.login(again, org.camelmta.security.BrokerRole.ENGINE))) {
            assertThat(body(client.receive("mta.control", Duration.ofSeconds(5)))).isEqualTo("kept");
        }
        return journal;
    }
}
