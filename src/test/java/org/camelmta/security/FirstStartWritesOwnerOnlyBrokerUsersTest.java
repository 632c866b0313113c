package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.camelmta.support.Cli;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start writes the users and roles files (one user per role, random passwords) into
 * a data directory only its owner can enter, the users file readable by its owner only; the
 * CLI finds the credentials there by itself; a second start keeps them.
 */
class FirstStartWritesOwnerOnlyBrokerUsersTest {

    @TempDir
    Path dir;

    @Test
    void usersFileIsOwnerOnlyAndTheCliUsesIt() throws Exception {
        Path data = dir.resolve("data");
        String firstPassword;
        try (TestEngine engine = TestEngine.builder(data).start()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            Path users = data.resolve(BrokerUsers.USERS_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(BrokerUsers.ROLES_FILE))))
                    .isEqualTo("rw-------");
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(users)) {
                p.load(r);
            }
            assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder("engine", "submitter", "monitor", "operator");
            assertThat(p.values().stream().distinct().count()).as("each user its own password").isEqualTo(4);
            assertThat(p.getProperty("submitter")).hasSizeGreaterThanOrEqualTo(32);
            firstPassword = p.getProperty("engine");

            // The operator's command, with no password given anywhere: found in the data directory.
            Cli.Result queue = Cli.run("queue", "--broker", engine.runtime().brokerUrl(), "--data-dir", data.toString());
            assertThat(queue.exit()).as(queue.err()).isZero();
            // ...and without it, the broker refuses the anonymous command.
            Cli.Result anonymous = Cli.run("queue", "--broker", engine.runtime().brokerUrl(),
                    "--data-dir", dir.resolve("elsewhere").toString());
            assertThat(anonymous.exit()).isNotZero();
        }
        try (TestEngine again = TestEngine.builder(data).start()) {
            assertThat(BrokerUsers.inDataDir(data).plainPassword("engine")).contains(firstPassword);
        }
    }
}
