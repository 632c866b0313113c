package org.camelmta.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics and health endpoint, on the JDK's own HTTP server (Camel's platform-http and
 * micrometer modules are not available for this Camel version, and three read-only paths need
 * no more): {@code /metrics} in the Prometheus text format, {@code /health/live} and
 * {@code /health/ready} as JSON, 200 when up and 503 naming the failed checks. A Camel service:
 * it starts and stops with the engine's context.
 */
public final class MetricsServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsSettings settings;
    private final MtaMetrics metrics;
    private final HealthChecks health;
    private HttpServer server;
    private ExecutorService threads;

    /** Serves {@code metrics} and {@code health}, and closes both when stopped. */
    public MetricsServer(MetricsSettings settings, MtaMetrics metrics, HealthChecks health) {
        this.settings = settings;
        this.metrics = metrics;
        this.health = health;
    }

    /** The port listened on (the actual one when configured as 0); -1 when not started. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.getAddress().getPort();
    }

    /** The endpoint's base address, e.g. {@code http://127.0.0.1:9465/}; null when not started. */
    public URI uri() {
        HttpServer s = server;
        if (s == null) {
            return null;
        }
        String host = s.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    public MtaMetrics metrics() {
        return metrics;
    }

    public HealthChecks health() {
        return health;
    }

    @Override
    protected void doStart() throws Exception {
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mta-metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        health.start();
        LOG.info("Metrics and health on {} (metrics, health/live, health/ready)", uri());
    }

    @Override
    protected void doStop() throws Exception {
        health.close();
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (threads != null) {
            threads.shutdownNow();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }
        metrics.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
                case "/health/live" -> report(exchange, health.liveness());
                case "/health/ready" -> report(exchange, health.readiness());
                default -> send(exchange, 404, "text/plain; charset=utf-8",
                        "not found; try /metrics, /health/live or /health/ready\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics endpoint: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            throw e;
        }
    }

    private static void report(HttpExchange exchange, HealthChecks.Report report) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", report.up() ? "UP" : "DOWN");
        ObjectNode checks = body.putObject("checks");
        report.checks().forEach((name, r) -> {
            ObjectNode c = checks.putObject(name);
            c.put("status", r.up() ? "UP" : "DOWN");
            c.put("detail", r.detail());
            if (r.checkedAt() != null) {
                c.put("checkedAt", r.checkedAt().toString());
            }
        });
        var failed = body.putArray("failed");
        report.checks().forEach((name, r) -> {
            if (!r.up()) {
                failed.add(name);
            }
        });
        send(exchange, report.up() ? 200 : 503, "application/json", JSON.writeValueAsString(body) + "\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
