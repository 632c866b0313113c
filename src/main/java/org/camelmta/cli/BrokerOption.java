package org.camelmta.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.security.BrokerCredentials;
import org.camelmta.security.BrokerRole;
import org.camelmta.security.BrokerUsers;
import picocli.CommandLine.Option;

/**
 * The broker options every command that talks to the engine shares, and where its credentials
 * come from. A password is never given on the command line: it comes from
 * {@code --broker-password-file}, the environment ({@code MTA_BROKER_PASSWORD}), or the users
 * file the engine wrote in its data directory on its first start, where each command finds the
 * user of the role it needs ({@code send}: submitter, {@code events}: monitor, the control
 * commands: operator).
 */
public class BrokerOption {

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "${MTA_BROKER_URL:-tcp://127.0.0.1:61616}",
            description = "The engine's broker (default: ${DEFAULT-VALUE}; env MTA_BROKER_URL).")
    String url;

    @Option(names = "--broker-user", paramLabel = "USER", defaultValue = "${MTA_BROKER_USER}",
            description = "Broker user (env MTA_BROKER_USER; default: the user of this command's role in the data "
                    + "directory's users file).")
    String user;

    @Option(names = "--broker-password-file", paramLabel = "FILE",
            description = "A file whose first line is the broker password (else env MTA_BROKER_PASSWORD, else the "
                    + "users file in the data directory).")
    Path passwordFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${MTA_DATA_DIR:-./data}",
            description = "The engine's data directory, where its first start wrote the broker users file "
                    + "(default: ${DEFAULT-VALUE}; env MTA_DATA_DIR).")
    Path dataDir;

    /**
     * A connection factory for the broker, logged in as the user this command's role calls for
     * (or the one asked for); anonymous when no credentials are to be found (a broker without
     * security).
     */
    public ActiveMQConnectionFactory connectionFactory(BrokerRole role) throws IOException {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
        Optional<BrokerCredentials> login = credentials(role);
        login.ifPresent(c -> {
            cf.setUser(c.user());
            cf.setPassword(c.password());
        });
        // A CLI should fail fast when the broker is not there, not retry forever.
        cf.setReconnectAttempts(0);
        cf.setInitialConnectAttempts(1);
        return cf;
    }

    /** The credentials to use: the options and environment first, then the engine's users file. */
    Optional<BrokerCredentials> credentials(BrokerRole role) throws IOException {
        BrokerUsers users = BrokerUsers.inDataDir(dataDir == null ? Path.of("data") : dataDir);
        String name = blankToNull(user);
        if (name == null) {
            name = users.firstUserOf(role).orElse(null);
        }
        if (name == null) {
            return Optional.empty();
        }
        String password = null;
        if (passwordFile != null) {
            password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } else if (blankToNull(System.getenv("MTA_BROKER_PASSWORD")) != null) {
            password = System.getenv("MTA_BROKER_PASSWORD");
        } else {
            password = users.plainPassword(name).orElse(null);
        }
        if (password == null) {
            throw new IOException("no password for broker user " + name + ": give --broker-password-file or set "
                    + "MTA_BROKER_PASSWORD (" + users.usersFile() + " has none in plain text)");
        }
        return Optional.of(new BrokerCredentials(name, password));
    }

    public String url() {
        return url;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
