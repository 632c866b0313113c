package org.camelmta.app;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.camelmta.config.Settings;

/**
 * camel-mta's settings read through Camel's property placeholders: application.properties,
 * {@code -Dkey=value} options and environment variables ({@code MTA_DATA_DIR} for
 * {@code mta.data-dir}), with Camel's precedence. Keys that name a domain or an address
 * ({@code mta.routes.example.com}) can only come from a properties file or a {@code -D} option.
 */
public final class CamelSettings implements Settings {

    private final CamelContext context;

    private CamelSettings(CamelContext context) {
        this.context = context;
    }

    public static Settings of(CamelContext context) {
        return new CamelSettings(context);
    }

    @Override
    public Optional<String> get(String key) {
        return context.getPropertiesComponent().resolveProperty(key);
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        Properties loaded = context.getPropertiesComponent().loadProperties(k -> k.startsWith(prefix));
        loaded.stringPropertyNames().forEach(k -> result.put(k.substring(prefix.length()), loaded.getProperty(k)));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(prefix))
                .forEach(k -> result.put(k.substring(prefix.length()), System.getProperty(k)));
        // Resolve through Camel once more so its precedence (override properties first) holds.
        result.replaceAll((rest, value) -> get(prefix + rest).orElse(value));
        return result;
    }
}
