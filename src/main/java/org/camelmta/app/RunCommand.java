package org.camelmta.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.camelmta.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: starts the engine and runs until stopped (Ctrl-C or SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
         description = "Start the engine: embedded broker (unless --broker), YAML routes, delivery.")
public class RunCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (mta.data-dir, default ./data).")
    String dataDir;

    @Option(names = "--broker", paramLabel = "URL",
            description = "Use this broker instead of starting the embedded one (mta.broker.url).")
    String brokerUrl;

    @Option(names = "--broker-port", paramLabel = "PORT",
            description = "Port of the embedded broker's acceptor (mta.broker.port, default 61616; 0 = any).")
    Integer brokerPort;

    @Option(names = "--routes", paramLabel = "DIR", description = "Directory of YAML routes (mta.routes-dir, default ./routes).")
    String routesDir;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any setting, e.g. -D mta.routes.*=127.0.0.1:2525")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        put(overrides, "mta.data-dir", dataDir);
        put(overrides, "mta.broker.url", brokerUrl);
        put(overrides, "mta.broker.port", brokerPort == null ? null : brokerPort.toString());
        put(overrides, "mta.routes-dir", routesDir);
        new MtaApplication(overrides).run();
        return ExitCodes.OK;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
