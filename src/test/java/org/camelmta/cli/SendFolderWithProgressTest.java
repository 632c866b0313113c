package org.camelmta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.camelmta.support.Cli;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `send` of a folder submits every .eml in it, prints an id per file, and draws a progress bar on stderr. */
class SendFolderWithProgressTest {

    @TempDir
    Path dir;

    @Test
    void everyEmlOfTheFolderIsSentWithItsId() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("outbox"));
        for (int i = 0; i < 5; i++) {
            Files.write(folder.resolve("m" + i + ".eml"), Mail.simple("a@example.com", "b@example.net", "m" + i, "x\r\n"));
        }
        Files.writeString(folder.resolve("notes.txt"), "not a message");
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("data")).set("mta.routes.*", "[127.0.0.2]:" + sinks.port())
                     .start()) {
            Cli.Result run = Cli.run("send", "--broker", engine.runtime().brokerUrl(), "--data-dir", engine.runtime().dataDir().toString(), "--from", "a@example.com",
                    "--to", "b@example.net", folder.toString());
            assertThat(run.exit()).isZero();
            assertThat(run.out().lines()).hasSize(5)
                    .allMatch(l -> l.matches("[0-9A-Z]{22} .*m\\d\\.eml"));
            assertThat(run.err()).contains("[##############################] 5/5 messages");
            assertThat(sinks.get(0).awaitMessages(5, Duration.ofSeconds(20))).isTrue();
        }
    }
}
