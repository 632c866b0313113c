package org.camelmta.support;

import java.nio.file.Path;
import org.camelmta.app.EmbeddedBroker;

/** Brokers that tests start beside the engine: the project's own broker.xml, on loopback. */
public final class Brokers {

    private Brokers() {
    }

    /** A broker as {@code artemis/broker.xml} configures it, on 127.0.0.1 and a free port, its files under {@code dataDir}. */
    public static EmbeddedBroker onLoopback(Path dataDir) throws Exception {
        return new EmbeddedBroker().start(Path.of("artemis/broker.xml").toUri().toURL(), dataDir, "127.0.0.1", 0);
    }
}
