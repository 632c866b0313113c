package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a route file while the engine runs changes what the engine does, without a restart. */
class RoutesReloadWhenEditedTest {

    @TempDir
    Path dir;

    @Test
    void anEditedEventsRouteTakesEffectLive() throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("data")).set("mta.routes-dir", routes.toString())
                     .set("mta.routes-reload", "true").set("mta.routes.*", "[127.0.0.2]:" + sinks.port()).start()) {
            String events = Files.readString(routes.resolve("events.yaml"));
            String edited = events.replace("""
                              - to:
                                  uri: jms:topic:mta.events
                """, """
                              - to:
                                  uri: jms:topic:mta.events
                              - to:
                                  uri: jms:queue:test.reloaded
                """);
            assertThat(edited).isNotEqualTo(events);
            Files.writeString(routes.resolve("events.yaml"), edited);

            // Reloading takes a moment; keep submitting until a message shows the new route at work.
            Message copy = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; copy == null && System.nanoTime() < deadline; i++) {
                engine.jms().send("mta.submit", Mail.simple("a@example.com", "b@example.net", "reload" + i, "x\r\n"),
                        Map.of("mtaSender", "a@example.com", "mtaRecipients", "b@example.net"));
                copy = engine.jms().receive("test.reloaded", Duration.ofSeconds(2));
            }
            assertThat(copy).as("an event copied to the queue the edited route names").isNotNull();
            assertThat(((TextMessage) copy).getText()).contains("\"event\":\"delivered\"");

            // Editing the request/reply control route swaps it too, and it keeps answering.
            String control = Files.readString(routes.resolve("control.yaml"));
            Files.writeString(routes.resolve("control.yaml"), control.replace("concurrentConsumers: 1", "concurrentConsumers: 2"));
            Thread.sleep(3_000);
            try (var cf = org.camelmta.support.Brokers.factory(engine.runtime().brokerUrl(), engine.engineLogin());
                 var client = new org.camelmta.control.ControlClient(cf, Duration.ofSeconds(10))) {
                var reply = client.call(org.camelmta.control.ControlRequest.of("queue"));
                assertThat(reply).isNotNull();
                assertThat(reply.ok()).isTrue();
            }
            assertThat(engine.app().context().getRoutes()).extracting(r -> r.getRouteId())
                    .contains("mta-control", "mta-cancel", "mta-events", "mta-submit", "mta-deliver");
        }
    }
}
