package org.camelmta.dkim;

import java.util.Locale;

/**
 * The {@code c=} tag (RFC 6376 §3.4): how header and body are canonicalised, each "simple" or
 * "relaxed"; a lone value names the header's, and the body's is then "simple".
 */
public record Canonicalization(boolean relaxedHeader, boolean relaxedBody) {

    public static final Canonicalization RELAXED = new Canonicalization(true, true);

    public static Canonicalization parse(String value) {
        String[] parts = value.strip().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("not header/body: " + value);
        }
        return new Canonicalization(relaxed(parts[0], value), parts.length == 2 && relaxed(parts[1], value));
    }

    private static boolean relaxed(String part, String value) {
        return switch (part) {
            case "relaxed" -> true;
            case "simple" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' (each of header/body is simple or relaxed)");
        };
    }

    public String tag() {
        return (relaxedHeader ? "relaxed" : "simple") + "/" + (relaxedBody ? "relaxed" : "simple");
    }
}
