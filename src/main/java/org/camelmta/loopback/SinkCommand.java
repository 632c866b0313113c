package org.camelmta.loopback;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One command line split into its verb (upper case) and argument (the rest, leading spaces
 * removed), with the parsing of MAIL and RCPT paths and their ESMTP parameters.
 */
record SinkCommand(String verb, String argument) {

    static SinkCommand parse(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return new SinkCommand(line.toUpperCase(Locale.ROOT), "");
        }
        return new SinkCommand(line.substring(0, space).toUpperCase(Locale.ROOT), line.substring(space + 1).stripLeading());
    }

    /** A path with its parameters, as in {@code FROM:<a@b> SIZE=10 BODY=8BITMIME}. */
    record Path(String address, Map<String, String> params) {
    }

    /**
     * Parses {@code keyword:<address> params}, tolerating spaces after the colon as most
     * servers do. An RFC 5321 source route ({@code <@relay:user@domain>}) is dropped, as §4.1.1.3
     * lets a server do.
     *
     * @throws IllegalArgumentException when the syntax is wrong
     */
    static Path path(String argument, String keyword) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new IllegalArgumentException("expected " + keyword);
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        if (!rest.startsWith("<")) {
            throw new IllegalArgumentException("path must be in angle brackets");
        }
        int close = closingBracket(rest);
        String address = rest.substring(1, close);
        if (address.startsWith("@")) {
            int colon = address.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad source route");
            }
            address = address.substring(colon + 1);
        }
        return new Path(address, params(rest.substring(close + 1)));
    }

    /** The '>' ending the path, skipping quoted strings in the local part. */
    private static int closingBracket(String rest) {
        boolean quoted = false;
        for (int i = 1; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        throw new IllegalArgumentException("path not closed with '>'");
    }

    /** {@code KEY=value} or {@code KEY} parameters separated by spaces; keys in upper case. */
    private static Map<String, String> params(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (!text.isEmpty() && text.charAt(0) != ' ') {
            throw new IllegalArgumentException("parameters must follow the path after a space");
        }
        for (String param : text.trim().split(" +")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (key.isEmpty() || !key.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new IllegalArgumentException("bad parameter keyword: " + param);
            }
            if (params.put(key, eq < 0 ? "" : param.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("parameter given twice: " + key);
            }
        }
        return params;
    }
}
