package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
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
}
