package org.camelmta.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Exim's retry section. Exim's own configuration rules apply: blank lines and lines
 * whose first non-blank character is {@code #} are comments ({@code #} elsewhere is ordinary),
 * a line ending in a backslash continues on the next (leading white space there is dropped,
 * and comment lines may sit among continuation lines), and a {@code begin retry} line, as in
 * a pasted configure file, is allowed. Each rule is checked the way {@code readconf_retries}
 * checks it; the first problem ends the parse with its line number.
 */
final class RetryRulesParser {

    private record LogicalLine(int number, String text) {
    }

    private final String source;

    RetryRulesParser(String source) {
        this.source = source;
    }

    List<RetryRule> parse(String text) {
        List<RetryRule> rules = new ArrayList<>();
        for (LogicalLine line : logicalLines(text)) {
            String s = line.text().strip();
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.equals("begin retry")) {
                continue;
            }
            if (lower.startsWith("begin ")) {
                throw new RetryRulesException(source, line.number(),
                        "only the retry section belongs here, not \"" + s + "\"");
            }
            try {
                rules.add(rule(line.number(), s));
            } catch (IllegalArgumentException e) {
                throw new RetryRulesException(source, line.number(), e.getMessage() + " in \"" + s + "\"");
            }
        }
        return rules;
    }

    private static List<LogicalLine> logicalLines(String text) {
        List<LogicalLine> result = new ArrayList<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < physical.length; i++) {
            String stripped = physical[i].strip();
            if (current != null && stripped.startsWith("#")) {
                continue;
            }
            if (stripped.isEmpty() || (current == null && stripped.startsWith("#"))) {
                if (current != null) {
                    result.add(new LogicalLine(start, current.toString()));
                    current = null;
                }
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = stripped.endsWith("\\");
            current.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped);
            if (!continues) {
                result.add(new LogicalLine(start, current.toString()));
                current = null;
            }
        }
        if (current != null) {
            result.add(new LogicalLine(start, current.toString()));
        }
        return result;
    }

    private static RetryRule rule(int number, String s) {
        Cursor c = new Cursor(s);
        String pattern = c.dequote();
        c.skipSpace();
        String errorField = c.word();
        if (errorField.isEmpty()) {
            throw new IllegalArgumentException("missing error type after the pattern");
        }
        ErrorType error = ErrorType.parse(errorField);
        c.skipSpace();
        String senders = null;
        if (c.rest().toLowerCase(Locale.ROOT).startsWith("senders=")) {
            c.advance("senders=".length());
            senders = c.dequote();
            c.skipSpace();
        }
        return new RetryRule(number, pattern, error, senders, algorithms(c));
    }

    // F,<cutoff>,<interval>  G|H,<cutoff>,<minimum>,<multiplier>  separated by ';' (one may trail).
    private static List<RetryAlgorithm> algorithms(Cursor c) {
        List<RetryAlgorithm> result = new ArrayList<>();
        while (!c.atEnd()) {
            char letter = Character.toUpperCase(c.next());
            if (letter != 'F' && letter != 'G' && letter != 'H') {
                throw new IllegalArgumentException("unknown retry algorithm '" + letter + "' (F, G or H expected)");
            }
            long cutoff = RetryTimes.parseSeconds(c.argument(letter, false));
            long p1 = RetryTimes.parseSeconds(c.argument(letter, false));
            int p2 = letter == 'F' ? 0 : RetryTimes.parseThousandths(c.argument(letter, true));
            if (cutoff <= 0 || p1 <= 0 || (letter != 'F' && p2 < 1000)) {
                throw new IllegalArgumentException("bad parameters for retry rule " + letter
                        + " (times must be positive and a multiplier at least 1)");
            }
            java.time.Duration cut = java.time.Duration.ofSeconds(cutoff);
            java.time.Duration first = java.time.Duration.ofSeconds(p1);
            result.add(switch (letter) {
                case 'F' -> new FixedInterval(cut, first);
                case 'G' -> new Geometric(cut, first, p2);
                default -> new RandomizedGeometric(cut, first, p2);
            });
            c.skipSpace();
            if (c.peek() == ';') {
                c.advance(1);
                c.skipSpace();
            } else if (!c.atEnd()) {
                throw new IllegalArgumentException("';' expected after " + result.get(result.size() - 1));
            }
        }
        return result;
    }

    /** A position in one logical line. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? 0 : s.charAt(pos);
        }

        char next() {
            return s.charAt(pos++);
        }

        void advance(int n) {
            pos = Math.min(s.length(), pos + n);
        }

        String rest() {
            return s.substring(pos);
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        String word() {
            int start = pos;
            while (!atEnd() && !Character.isWhitespace(peek())) {
                pos++;
            }
            return s.substring(start, pos);
        }

        // Exim's string_dequote: a "quoted string" with backslash escapes, or a run of non-blanks.
        String dequote() {
            if (peek() != '"') {
                return word();
            }
            pos++;
            StringBuilder sb = new StringBuilder();
            while (!atEnd() && peek() != '"') {
                char ch = next();
                if (ch == '\\' && !atEnd()) {
                    ch = next();
                }
                sb.append(ch);
            }
            if (atEnd()) {
                throw new IllegalArgumentException("missing closing quote");
            }
            pos++;
            return sb.toString();
        }

        // Exim's retry_arg: ',' then a run of letters and digits (and '.' in a multiplier).
        String argument(char letter, boolean fixed) {
            if (peek() != ',') {
                throw new IllegalArgumentException("comma expected after " + letter);
            }
            pos++;
            skipSpace();
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || (fixed && peek() == '.'))) {
                pos++;
            }
            if (!atEnd() && !Character.isWhitespace(peek()) && peek() != ',' && peek() != ';') {
                throw new IllegalArgumentException("comma or semicolon expected, found '" + peek() + "'");
            }
            String arg = s.substring(start, pos);
            if (arg.isEmpty()) {
                throw new IllegalArgumentException("missing value after " + letter);
            }
            return arg;
        }
    }
}
