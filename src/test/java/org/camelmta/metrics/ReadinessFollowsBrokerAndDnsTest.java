package org.camelmta.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camelmta.app.EmbeddedBroker;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.camelmta.support.Brokers;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health endpoints as an orchestrator sees them: ready (200) once everything is up; not
 * ready (503, naming the failed check) while DNS does not answer and again once the broker is
 * gone, while still live; and nothing listening once the engine has stopped.
 */
class ReadinessFollowsBrokerAndDnsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readinessFailsForTheBrokerAndForDnsWhileLivenessHolds() throws Exception {
        URI endpoint;
        try (EmbeddedBroker broker = Brokers.onLoopback(dir.resolve("broker"));
             // The engine reaches the broker through a relay, so the test can cut the network
             // between them while both keep running.
             TcpRelay network = new TcpRelay(new InetSocketAddress("127.0.0.1", URI.create(broker.url()).getPort()));
             ZoneDnsServer dns = ZoneDnsServer.start().zone("example.org", """
                     @  IN SOA ns.example.org. hostmaster.example.org. 1 3600 600 86400 60
                     @  IN MX 10 mx.example.org.
                     mx IN A 127.0.0.2
                     """);
             TestEngine engine = TestEngine.builder(dir.resolve("engine")).dns(dns)
                     .externalBroker("tcp://127.0.0.1:" + network.port(), Brokers.login(broker, org.camelmta.security.BrokerRole.ENGINE))
                     .set("mta.metrics.check-interval", "200ms").set("mta.metrics.check-timeout", "1s").start()) {
            endpoint = engine.runtime().metrics().uri();
            assertThat(endpoint.getPort()).isPositive();
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");

            JsonNode ready = awaitStatus(endpoint, "health/ready", 200);
            assertThat(ready.get("status").asText()).isEqualTo("UP");
            assertThat(names(ready.get("checks"))).containsExactly("camel", "routes", "broker", "dns");
            assertThat(ready.get("failed")).isEmpty();
            assertThat(ready.at("/checks/routes/detail").asText()).endsWith("routes started");
            assertThat(body(endpoint, "health/live", 200).get("status").asText()).isEqualTo("UP");

            dns.fault(".", ZoneFault.DROP);
            JsonNode noDns = awaitStatus(endpoint, "health/ready", 503);
            assertThat(noDns.get("status").asText()).isEqualTo("DOWN");
            assertThat(noDns.get("failed")).extracting(JsonNode::asText).containsExactly("dns");
            assertThat(noDns.at("/checks/dns/detail").asText()).startsWith("no DNS server answered");
            body(endpoint, "health/live", 200);

            dns.clearFaults();
            awaitStatus(endpoint, "health/ready", 200);

            network.cut();
            JsonNode noBroker = awaitStatus(endpoint, "health/ready", 503);
            assertThat(noBroker.get("failed")).extracting(JsonNode::asText).containsExactly("broker");
            assertThat(noBroker.at("/checks/broker/detail").asText()).startsWith("cannot connect to the broker");
            assertThat(noBroker.at("/checks/broker/checkedAt").asText()).isNotEmpty();
            assertThat(body(endpoint, "health/live", 200).at("/checks/camel/status").asText()).isEqualTo("UP");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Scrape.of(endpoint).value("mta_queue_messages", "queue", "mta.submit")).isNaN());

            network.restore();
            awaitStatus(endpoint, "health/ready", 200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Scrape.of(endpoint).value("mta_queue_messages", "queue", "mta.submit")).isZero());
        }
        assertThatThrownBy(() -> Scrape.get(endpoint.resolve("health/live"))).isInstanceOf(ConnectException.class);
    }

    @Test
    void onlyGetAndHeadOfTheThreePaths() throws Exception {
        try (TestEngine engine = TestEngine.builder(dir.resolve("engine")).start()) {
            URI endpoint = engine.runtime().metrics().uri();
            assertThat(Scrape.get(endpoint.resolve("nothing-here")).statusCode()).isEqualTo(404);
            assertThat(Scrape.get(endpoint.resolve("metrics/more")).statusCode()).isEqualTo(404);
            HttpResponse<String> post = Scrape.send(HttpRequest.newBuilder(endpoint.resolve("metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
            HttpResponse<String> head = Scrape.send(HttpRequest.newBuilder(endpoint.resolve("metrics"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    private static JsonNode awaitStatus(URI endpoint, String path, int status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    HttpResponse<String> r = Scrape.get(endpoint.resolve(path));
                    last[0] = JSON.readTree(r.body());
                    return r.statusCode() == status;
                });
        return last[0];
    }

    private static JsonNode body(URI endpoint, String path, int status) throws Exception {
        HttpResponse<String> r = Scrape.get(endpoint.resolve(path));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
