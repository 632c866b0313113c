package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.smtp.Phase;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalwart's "IPv6 first, IPv4 on retries", written as one Simple expression in the delivery
 * route: the first attempt goes to the MX host's AAAA (::1), which defers; the retry, released by
 * the scheduler a second later under the rule {@code * * F,1h,1s}, goes to its A (127.0.0.2) and
 * is delivered.
 */
class IpStrategyByAttemptFromRouteTest {

    @TempDir
    Path dir;

    @Test
    void firstAttemptOverIpv6RetryOverIpv4() throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        String deliver = Files.readString(routes.resolve("deliver.yaml"));
        // Insert the step right before the resolver, at the resolver's indentation.
        String edited = deliver.replaceFirst("(?m)^( *)- bean:\\n *ref: mtaResolver",
                "$1- setHeader:\n$1    name: mtaIpStrategy\n$1    simple:\n"
                        + "$1      expression: \"\\${iif(\\${header.mtaAttempt} == 0,ipv6_only,ipv4_only)}\"\n$0");
        assertThat(edited).isNotEqualTo(deliver);
        Files.writeString(routes.resolve("deliver.yaml"), edited);

        try (SmtpSink v4 = SmtpSink.builder().bind(InetAddress.getByName("127.0.0.2")).port(0).start();
             SmtpSink v6 = SmtpSink.builder().bind(InetAddress.getByName("::1")).port(v4.port())
                     .fault(Phase.RCPT, SinkAction.reply(451, "4.7.1 try IPv4")).start();
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.net", """
                     @  IN MX 10 mx.example.net.
                     mx IN A 127.0.0.2
                     mx IN AAAA ::1
                     """);
             TestEngine engine = TestEngine.builder(dir.resolve("data")).dns(dns).smtpPort(v4.port())
                     .set("mta.routes-dir", routes.toString()).set("mta.retry.rules", "* * F,1h,1s").start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "b@example.net", "v6first", "x\r\n"),
                    Map.of("mtaSender", "a@example.com", "mtaRecipients", "b@example.net"));

            await().atMost(Duration.ofSeconds(20)).until(() -> events.ofType("deferred").size() == 1);
            assertThat(events.ofType("deferred").get(0).ip()).as(events.ofType("deferred").get(0).toString())
                    .isEqualTo("0:0:0:0:0:0:0:1");
            assertThat(v6.connectionCount()).isEqualTo(1);

            // The retry rule brings it back a second later (Quartz releases it from mta.deferred).
            assertThat(v4.awaitMessages(1, Duration.ofSeconds(20))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.ofType("delivered").size() == 1);
            assertThat(events.ofType("delivered").get(0).ip()).isEqualTo("127.0.0.2");
            assertThat(events.ofType("delivered").get(0).attempt()).isEqualTo(2);
            assertThat(v6.connectionCount()).isEqualTo(1);
            assertThat(v4.delivered()).hasSize(1);
            assertThat(v4.delivered().get(0).started()).isAfter(v6.connections().get(0).opened());
        }
    }
}
