package org.camelmta.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One scrape of {@code /metrics}, fetched over HTTP as Prometheus would and parsed from the
 * text format: every sample with its name, labels and value.
 */
final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One line of the exposition: {@code name{labels} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.get(key);
        }
    }

    private final List<Sample> samples;
    private final String contentType;

    private Scrape(List<Sample> samples, String contentType) {
        this.samples = samples;
        this.contentType = contentType;
    }

    /** GETs {@code <base>metrics} and parses it; fails on anything but a 200. */
    static Scrape of(URI base) throws IOException, InterruptedException {
        HttpResponse<String> r = get(base.resolve("metrics"));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return new Scrape(parse(r.body()), r.headers().firstValue("Content-Type").orElse(""));
    }

    /** Parses exposition text taken from a registry directly. */
    static Scrape ofText(String text) {
        return new Scrape(parse(text), "");
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String contentType() {
        return contentType;
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The one sample of {@code name} whose labels include {@code labels} (name, value pairs). */
    double value(String name, String... labels) {
        List<Sample> found = samples(name).stream().filter(matching(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + List.of(labels) + ": " + found);
        }
        return found.get(0).value();
    }

    /** The sum over the samples of {@code name} whose labels include {@code labels}; 0 when none. */
    double sum(String name, String... labels) {
        return samples(name).stream().filter(matching(labels)).mapToDouble(Sample::value).sum();
    }

    private static Predicate<Sample> matching(String... labels) {
        return s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The Prometheus text format, version 0.0.4: comments, then {@code name{k="v",...} value [timestamp]}. */
    static List<Sample> parse(String text) {
        List<Sample> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq).strip();
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2; // past ="
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            String[] rest = line.substring(i).strip().split(" ");
            result.add(new Sample(name, labels, parseValue(rest[0])));
        }
        return result;
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }
}
