package org.camelmta.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Read-only access to camel-mta's configuration keys ({@code mta.*}). The engine backs it
 * with Camel's property placeholders (application.properties, {@code -D} options, environment
 * variables); tests back it with a map. Stages take the values they need from it once, at
 * start-up, and fail there with the key's name when a value is bad.
 */
public interface Settings {

    /** The value of one key, if set. */
    Optional<String> get(String key);

    /**
     * Every key that starts with {@code prefix} and can be enumerated (property files,
     * {@code -D} options), mapped from the rest of the key after the prefix to the value.
     */
    Map<String, String> withPrefix(String prefix);

    default String get(String key, String defaultValue) {
        return get(key).filter(v -> !v.isBlank()).orElse(defaultValue);
    }

    default int integer(String key, int defaultValue) {
        Optional<String> v = get(key).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a whole number: " + v.get());
        }
    }

    default long longValue(String key, long defaultValue) {
        Optional<String> v = get(key).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a whole number: " + v.get());
        }
    }

    default boolean bool(String key, boolean defaultValue) {
        return get(key).filter(s -> !s.isBlank()).map(s -> Boolean.parseBoolean(s.strip())).orElse(defaultValue);
    }

    default Duration duration(String key, Duration defaultValue) {
        Optional<String> v = get(key).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Durations.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /** Settings from a plain map, for tests and for embedding without Camel Main. */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>(values);
        return new Settings() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }

            @Override
            public Map<String, String> withPrefix(String prefix) {
                Map<String, String> result = new TreeMap<>();
                copy.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        result.put(k.substring(prefix.length()), v);
                    }
                });
                return result;
            }
        };
    }
}
