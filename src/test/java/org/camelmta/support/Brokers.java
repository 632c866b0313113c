package org.camelmta.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.app.EmbeddedBroker;
import org.camelmta.security.BrokerCredentials;
import org.camelmta.security.BrokerRole;
import org.camelmta.security.BrokerUsers;

/** Brokers that tests start beside the engine: the project's own broker.xml, on loopback, and who may log in. */
public final class Brokers {

    private Brokers() {
    }

    /** A broker as {@code artemis/broker.xml} configures it, on 127.0.0.1 and a free port, its files under {@code dataDir}. */
    public static EmbeddedBroker onLoopback(Path dataDir) throws Exception {
        return new EmbeddedBroker().start(Path.of("artemis/broker.xml").toUri().toURL(), dataDir, "127.0.0.1", 0);
    }

    /** The generated user of {@code role} in the users file of the data directory {@code dataDir}. */
    public static BrokerCredentials login(Path dataDir, BrokerRole role) {
        return login(BrokerUsers.inDataDir(dataDir.toAbsolutePath()), role);
    }

    /** The user of {@code role} the broker's users file holds. */
    public static BrokerCredentials login(EmbeddedBroker broker, BrokerRole role) {
        return login(broker.users(), role);
    }

    private static BrokerCredentials login(BrokerUsers users, BrokerRole role) {
        try {
            return users.credentialsFor(role).orElseThrow(() ->
                    new IllegalStateException("no " + role.roleName() + " user in " + users.usersFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CORE connection factory logged in as {@code login}. */
    public static ActiveMQConnectionFactory factory(String url, BrokerCredentials login) {
        return new ActiveMQConnectionFactory(url, login.user(), login.password());
    }
}
