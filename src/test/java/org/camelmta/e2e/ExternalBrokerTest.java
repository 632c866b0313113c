package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.app.EmbeddedBroker;
import org.camelmta.support.Brokers;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With mta.broker.url set, the engine uses that broker and starts none of its own. The broker is
 * secured with the security-settings docs/security.md gives for a broker of one's own (the
 * project's broker.xml); the engine logs in with mta.broker.user / mta.broker.password.
 */
class ExternalBrokerTest {

    @TempDir
    Path dir;

    @Test
    void usesTheGivenBrokerAndStartsNone() throws Exception {
        try (EmbeddedBroker external = Brokers.onLoopback(dir.resolve("external"));
             Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("engine")).externalBroker(external)
                     .set("mta.routes.*", "[127.0.0.2]:" + sinks.port()).start()) {
            assertThat(external.securityEnabled()).isTrue();
            assertThat(engine.runtime().broker()).isNull();
            assertThat(engine.runtime().brokerUrl()).isEqualTo(external.url());
            assertThat(Files.exists(dir.resolve("engine").resolve("broker"))).isFalse();

            engine.jms().send("mta.submit", Mail.simple("a@example.com", "b@example.net", "ext", "x\r\n"),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "b@example.net"));
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
        }
    }
}
