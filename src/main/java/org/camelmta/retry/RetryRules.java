package org.camelmta.retry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.camelmta.config.Settings;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;

/**
 * The retry section: Exim's rules, in order. The first rule whose error type, sender list and
 * pattern all match an error is the one used; when none matches, a temporary error is treated
 * as permanent.
 */
public final class RetryRules {

    /** Configuration key: the rules themselves, several lines allowed (wins over the file). */
    public static final String KEY_RULES = "mta.retry.rules";
    /** Configuration key: a file holding Exim's retry section verbatim. */
    public static final String KEY_RULES_FILE = "mta.retry.rules-file";
    /** The classpath resource with the rules used when none are configured. */
    public static final String DEFAULT_RESOURCE = "/retry-rules.default";

    private final List<RetryRule> rules;

    public RetryRules(List<RetryRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses a retry section.
     *
     * @throws RetryRulesException naming the line and the problem
     */
    public static RetryRules parse(String text) {
        return new RetryRules(new RetryRulesParser("retry rules").parse(text));
    }

    /**
     * Reads a retry section from a file.
     *
     * @throws RetryRulesException naming the file, the line and the problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static RetryRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read retry rules " + file + ": " + e.getMessage(), e);
        }
        return new RetryRules(new RetryRulesParser("retry rules " + file).parse(text));
    }

    /** The rules shipped with camel-mta: Exim's default {@code * * F,2h,15m; G,16h,1h,1.5; F,4d,6h}. */
    public static RetryRules defaults() {
        try (InputStream in = RetryRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RetryRules(new RetryRulesParser(DEFAULT_RESOURCE).parse(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@value #KEY_RULES} if set, else the file named by {@value #KEY_RULES_FILE}, else {@link #defaults()}. */
    public static RetryRules from(Settings settings) {
        Optional<String> inline = settings.get(KEY_RULES).filter(s -> !s.isBlank());
        if (inline.isPresent()) {
            return new RetryRules(new RetryRulesParser(KEY_RULES).parse(inline.get()));
        }
        Optional<String> file = settings.get(KEY_RULES_FILE).filter(s -> !s.isBlank());
        return file.map(f -> load(Path.of(f.strip()))).orElseGet(RetryRules::defaults);
    }

    public List<RetryRule> rules() {
        return rules;
    }

    /**
     * Exim's {@code retry_find_config}. The key is a host name, a domain or a full address; one
     * without {@code @} is matched as {@code *@key}. Each line is tried with the key and then
     * with the alternate domain before going on to the next line, so for a host error a line
     * naming the host and a line naming the domain are taken in the order they are written.
     *
     * @param key       a host name, domain or address
     * @param alternate the domain to try when the key does not match, or null
     * @param error     the error
     * @param sender    the message's sender; null when unknown, which skips rules with {@code senders=}
     */
    public Optional<RetryRule> find(String key, String alternate, RetryError error, ReversePath sender) {
        String subject = key.contains("@") ? key : "*@" + key;
        String alt = alternate == null ? null : "*@" + alternate;
        for (RetryRule rule : rules) {
            if (rule.matches(subject, alt, error, sender)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * The rule for an error with the keys its scope calls for: the host name then the domain for
     * host and message errors, the recipient address for address errors, the domain for lookups.
     *
     * @param host      the host the error happened at (null when there was none)
     * @param domain    the recipient domain
     * @param recipient the recipient (used for address errors)
     */
    public Optional<RetryRule> findFor(RetryError error, String host, String domain, MailAddress recipient,
                                       ReversePath sender) {
        return switch (error.scope()) {
            case HOST, MESSAGE -> host == null ? find(domain, null, error, sender) : find(host, domain, error, sender);
            case ADDRESS -> find(recipient == null ? domain : recipient.toString(), null, error, sender);
            case DOMAIN -> find(domain, null, error, sender);
        };
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rules as a retry section, one per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        rules.forEach(r -> sb.append(r).append('\n'));
        return sb.toString();
    }
}
