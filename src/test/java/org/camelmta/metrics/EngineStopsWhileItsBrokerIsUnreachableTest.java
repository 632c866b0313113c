package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelmta.app.EmbeddedBroker;
import org.camelmta.support.Brokers;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator stops the engine while the network to its broker is down: the stop completes
 * (after a short grace for in-flight work) instead of waiting on failover for every consumer.
 */
class EngineStopsWhileItsBrokerIsUnreachableTest {

    @TempDir
    Path dir;

    @Test
    void stopCompletesWithTheBrokerCutOff() throws Exception {
        try (EmbeddedBroker broker = Brokers.onLoopback(dir.resolve("broker"));
             TcpRelay network = new TcpRelay(new InetSocketAddress("127.0.0.1", URI.create(broker.url()).getPort()))) {
            TestEngine engine = TestEngine.builder(dir.resolve("engine"))
                    .externalBroker("tcp://127.0.0.1:" + network.port(), Brokers.login(broker, org.camelmta.security.BrokerRole.ENGINE)).start();
            network.cut();
            Thread.sleep(2_000); // the consumers notice and start reconnecting

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                try {
                    engine.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Camel's shutdown timeout (45 s) and 15 s more, then the connections are closed
            // under the consumers; without that the stop waited many minutes
            assertThat(stop).succeedsWithin(120, TimeUnit.SECONDS);
        }
    }
}
