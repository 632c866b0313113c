package org.camelmta.restart;

import java.net.URL;
import java.nio.file.Path;
import org.camelmta.app.EmbeddedBroker;

/**
 * An Artemis broker outside the engine (the engine is given its URL, as with
 * {@code mta.broker.url}) that a test can stop and start again on the same port and journal,
 * as an operator restarting the broker, or a broker host rebooting, would.
 */
final class RestartableBroker implements AutoCloseable {

    private final Path dataDir;
    private final URL config;
    private EmbeddedBroker broker;
    private int port;
    private String url;

    private RestartableBroker(Path dataDir) throws Exception {
        this.dataDir = dataDir;
        this.config = Path.of("artemis/broker.xml").toUri().toURL();
    }

    /** Starts a broker with the project's broker.xml, its journal in {@code dataDir}, on a free port. */
    static RestartableBroker start(Path dataDir) throws Exception {
        RestartableBroker b = new RestartableBroker(dataDir);
        b.broker = new EmbeddedBroker().start(b.config, dataDir, "127.0.0.1", 0);
        b.url = b.broker.url();
        b.port = Integer.parseInt(b.url.substring(b.url.lastIndexOf(':') + 1));
        return b;
    }

    String url() {
        return url;
    }

    /** The engine user of the broker's generated users file. */
    org.camelmta.security.BrokerCredentials login() {
        return org.camelmta.support.Brokers.login(dataDir, org.camelmta.security.BrokerRole.ENGINE);
    }

    boolean isRunning() {
        return broker != null;
    }

    /** Stops the broker (its clients lose their connections). */
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts it again on the same port, with the same journal. */
    void restart() throws Exception {
        stop();
        IllegalStateException last = null;
        for (int tries = 0; tries < 20; tries++) {
            try {
                broker = new EmbeddedBroker().start(config, dataDir, "127.0.0.1", port);
                return;
            } catch (IllegalStateException e) {
                last = e; // the port is not free again yet
                Thread.sleep(250);
            }
        }
        throw last;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
