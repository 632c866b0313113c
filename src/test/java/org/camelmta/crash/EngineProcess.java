package org.camelmta.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelmta.support.Journals;

/**
 * The engine as an operator runs it, {@code CamelMta run}, in a JVM of its own, so that a test
 * can kill it with SIGKILL ({@link Process#destroyForcibly()} on Linux) as a power cut or the
 * OOM killer would: no shutdown hook, no flush, no broker stop. The child gets the test JVM's
 * own class path, the project's routes and broker.xml, an embedded broker on a free port, and
 * the settings the test gives.
 */
final class EngineProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("camel-mta ready: broker (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_LINES = 300;

    private final Process process;
    private final Deque<String> log = new ArrayDeque<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread shutdownHook;
    private String brokerUrl;
    private org.camelmta.security.BrokerCredentials login;

    private EngineProcess(Process process) {
        this.process = process;
        // If the test JVM itself goes away, so does the engine it started (and only that one).
        this.shutdownHook = new Thread(process::destroyForcibly, "kill-engine-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread reader = new Thread(this::readOutput, "engine-" + process.pid() + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts an engine on {@code dataDir} and waits for its ready line. */
    static EngineProcess start(Path dataDir, Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC",
                // the test JVM's, so the engine writes the same journal (AIO where libaio is installed)
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", System.getProperty("java.class.path"),
                "org.camelmta.app.CamelMta", "run",
                "--data-dir", dataDir.toAbsolutePath().toString(),
                "--broker-port", "0",
                "--routes", Path.of("routes").toAbsolutePath().toString()));
        settings.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MTA_BROKER_URL");
        builder.environment().put("MTA_LOG_LEVEL", "INFO");
        EngineProcess engine = new EngineProcess(builder.start());
        try {
            engine.brokerUrl = engine.ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            engine.login = org.camelmta.support.Brokers.login(dataDir, org.camelmta.security.BrokerRole.ENGINE);
        } catch (TimeoutException e) {
            engine.kill();
            throw new IllegalStateException("the engine did not get ready within " + START_TIMEOUT + ":\n" + engine.log());
        }
        // the crash suite proves the journal users run: AIO wherever it can be had
        String journal = Journals.expected() + " journal)";
        if (!engine.log().contains(journal)) {
            engine.kill();
            throw new IllegalStateException("the engine's broker did not write the " + journal.replace(")", "")
                    + ":\n" + engine.log());
        }
        return engine;
    }

    /**
     * The CORE URL of the engine's embedded broker, from its ready line, logged in (URL
     * parameters {@code user} and {@code password}) as the engine user its first start wrote.
     */
    String brokerUrl() {
        return brokerUrl + "?user=" + login.user() + "&password=" + login.password();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("engine " + process.pid() + " survived SIGKILL");
        }
        removeHook();
    }

    /** The last lines the engine wrote (stdout and stderr), for failure messages. */
    synchronized String log() {
        return String.join("\n", log);
    }

    /**
     * Ends the engine if it still runs, with SIGKILL too: the test is over and its data
     * directory is thrown away, so a graceful stop (seconds of Camel shutdown) would buy nothing.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        removeHook();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    if (log.size() == LOG_LINES) {
                        log.removeFirst();
                    }
                    log.addLast(line);
                }
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException("the engine exited before it was ready:\n" + log()));
    }
}
