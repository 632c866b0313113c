package org.camelmta.cli;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import picocli.CommandLine.Option;

/** The {@code --broker} option every command that talks to the engine shares. */
public class BrokerOption {

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "${MTA_BROKER_URL:-tcp://127.0.0.1:61616}",
            description = "The engine's broker (default: ${DEFAULT-VALUE}; env MTA_BROKER_URL).")
    String url;

    @Option(names = "--broker-user", paramLabel = "USER", description = "Broker user, if it asks for one.")
    String user;

    @Option(names = "--broker-password", paramLabel = "PASSWORD", description = "Broker password.",
            interactive = false)
    String password;

    public ActiveMQConnectionFactory connectionFactory() {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
        if (user != null) {
            cf.setUser(user);
            cf.setPassword(password);
        }
        // A CLI should fail fast when the broker is not there, not retry forever.
        cf.setReconnectAttempts(0);
        cf.setInitialConnectAttempts(1);
        return cf;
    }

    public String url() {
        return url;
    }
}
