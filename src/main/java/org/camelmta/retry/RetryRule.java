package org.camelmta.retry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.camelmta.submit.ReversePath;

/**
 * One line of the retry section: {@code <pattern> <error> [senders=<list>] <algorithms>}.
 * An empty list of algorithms means "no retrying": a matching temporary error times out at once.
 */
public final class RetryRule {

    private final int line;
    private final String pattern;
    private final AddressList patternList;
    private final ErrorType error;
    private final String senders;
    private final AddressList senderList;
    private final List<RetryAlgorithm> algorithms;

    /**
     * @param line       the line of the rules text the rule starts on, for messages
     * @param pattern    the first field (an Exim address list item, or a list)
     * @param error      the second field
     * @param senders    the {@code senders=} list as written, or null when there is none
     * @param algorithms the parameter sets in order
     * @throws IllegalArgumentException when the pattern or sender list cannot be used
     */
    public RetryRule(int line, String pattern, ErrorType error, String senders, List<RetryAlgorithm> algorithms) {
        this.line = line;
        this.pattern = pattern;
        this.patternList = AddressList.parse(pattern);
        this.error = error;
        this.senders = senders;
        this.senderList = senders == null ? null : AddressList.parse(senders);
        this.algorithms = List.copyOf(algorithms);
    }

    public int line() {
        return line;
    }

    public String pattern() {
        return pattern;
    }

    public ErrorType error() {
        return error;
    }

    /** The {@code senders=} list as written, if the rule has one. */
    public Optional<String> senders() {
        return Optional.ofNullable(senders);
    }

    public List<RetryAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * Whether this rule applies: the error type matches, the sender is in the {@code senders=}
     * list (an unknown sender, null, never is, as in Exim's address testing), and the pattern
     * matches the key or else the alternate.
     *
     * @param key       {@code local@domain} or {@code *@host}
     * @param alternate {@code *@domain}, or null
     */
    boolean matches(String key, String alternate, RetryError e, ReversePath sender) {
        if (!error.matches(e)) {
            return false;
        }
        if (senderList != null && (sender == null || !senderList.matches(sender.toString()))) {
            return false;
        }
        return patternList.matches(key) || (alternate != null && patternList.matches(alternate));
    }

    /** The parameter set in force after failing for {@code failingSeconds}, unless every cut-off has passed. */
    public Optional<RetryAlgorithm> algorithmAt(long failingSeconds) {
        for (RetryAlgorithm a : algorithms) {
            if (failingSeconds <= a.cutoffSeconds()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The last cut-off: how long a destination may fail before it times out (zero with no algorithms). */
    public Duration finalCutoff() {
        return algorithms.isEmpty() ? Duration.ZERO : algorithms.get(algorithms.size() - 1).cutoff();
    }

    /** The rule as a line of the retry section. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(quote(pattern)).append(' ').append(error);
        if (senders != null) {
            sb.append(" senders=").append(quote(senders));
        }
        for (int i = 0; i < algorithms.size(); i++) {
            sb.append(i == 0 ? " " : "; ").append(algorithms.get(i));
        }
        return sb.toString();
    }

    // Quoted when written bare it would read back differently: empty, with white space, starting
    // with a quote (read as a quoted string) or '#' (a comment line), ending with a backslash
    // (a continuation line), or the word "begin" (a section header). RetryRulesFuzzTest found
    // the last two.
    private static String quote(String s) {
        boolean bare = !s.isEmpty() && s.chars().noneMatch(Character::isWhitespace) && s.charAt(0) != '"'
                && s.charAt(0) != '#' && s.charAt(s.length() - 1) != '\\' && !s.equalsIgnoreCase("begin");
        return bare ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
