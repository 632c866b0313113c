package org.camelmta.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An Exim address list, as a retry rule's pattern and its {@code senders=} option use it:
 * items separated by {@code :} (a doubled separator is a literal one; {@code <c} at the start
 * picks another separator), each item one of
 * <ul>
 *   <li>{@code *} — any address (including the null sender);</li>
 *   <li>empty — the null sender {@code <>} only (so {@code senders=:} selects bounces);</li>
 *   <li>{@code ^regex} — a regular expression, matched caselessly against the whole address
 *       (a host or domain key is matched as {@code *@host});</li>
 *   <li>{@code local@domain} — local part {@code *} for any, {@code *suffix} for a suffix,
 *       otherwise literal; the domain as below;</li>
 *   <li>{@code domain} — the same as {@code *@domain}: literal, {@code *} for any,
 *       {@code *.example.com} (or any {@code *suffix}) for a suffix, {@code ^regex}.</li>
 * </ul>
 * An item may be negated with {@code !}. The first item that matches decides; if none does,
 * the list fails, unless its last item was negated. Caseless throughout, as Exim matches
 * retry patterns. Exim's lookups ({@code lsearch;…}), named lists ({@code +name}) and
 * {@code @}-forms are refused, since there is nothing behind them here.
 */
final class AddressList {

    private record Item(boolean negated, String local, String domain, Pattern regex, boolean any, boolean empty) {
    }

    private final String text;
    private final List<Item> items;

    private AddressList(String text, List<Item> items) {
        this.text = text;
        this.items = items;
    }

    static AddressList parse(String text) {
        List<Item> items = new ArrayList<>();
        for (String raw : split(text)) {
            items.add(item(raw.strip()));
        }
        return new AddressList(text, List.copyOf(items));
    }

    /** Exim's list syntax: separator {@code :} unless {@code <c} starts the list; doubled separators are literal. */
    static List<String> split(String text) {
        String s = text.strip();
        char sep = ':';
        if (s.length() >= 2 && s.charAt(0) == '<' && !Character.isLetterOrDigit(s.charAt(1))
                && !Character.isWhitespace(s.charAt(1))) {
            sep = s.charAt(1);
            s = s.substring(2);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == sep) {
                if (i + 1 < s.length() && s.charAt(i + 1) == sep) {
                    current.append(sep);
                    i++;
                } else {
                    parts.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        // An empty item at the end of a list is always ignored (so ":" is one empty item).
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }

    private static Item item(String raw) {
        boolean negated = raw.startsWith("!");
        String s = negated ? raw.substring(1).strip() : raw;
        if (s.isEmpty()) {
            return new Item(negated, null, null, null, false, true);
        }
        if (s.equals("*")) {
            return new Item(negated, null, null, null, true, false);
        }
        if (s.startsWith("^")) {
            return new Item(negated, null, null, regex(s), false, false);
        }
        if (s.contains(";")) {
            throw new IllegalArgumentException("lookups are not supported in retry patterns: " + s);
        }
        if (s.startsWith("+")) {
            throw new IllegalArgumentException("named lists are not supported in retry patterns: " + s);
        }
        if (s.startsWith("@")) {
            throw new IllegalArgumentException("Exim's @-forms are not supported in retry patterns: " + s);
        }
        int at = s.lastIndexOf('@');
        String local = at < 0 ? "*" : s.substring(0, at);
        String domain = at < 0 ? s : s.substring(at + 1);
        if (domain.isEmpty() || local.isEmpty()) {
            throw new IllegalArgumentException("bad address pattern: " + s);
        }
        Pattern domainRegex = domain.startsWith("^") ? regex(domain) : null;
        return new Item(negated, local.toLowerCase(Locale.ROOT), domain.toLowerCase(Locale.ROOT), domainRegex, false,
                false);
    }

    private static Pattern regex(String s) {
        try {
            return Pattern.compile(s, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression " + s + ": " + e.getDescription());
        }
    }

    /**
     * Whether the list matches an address.
     *
     * @param subject {@code local@domain}, {@code *@host} for a host or domain key, or the empty
     *                string for the null sender
     */
    boolean matches(String subject) {
        for (Item item : items) {
            if (itemMatches(item, subject)) {
                return !item.negated();
            }
        }
        return !items.isEmpty() && items.get(items.size() - 1).negated();
    }

    private static boolean itemMatches(Item item, String subject) {
        if (item.any()) {
            return true;
        }
        if (item.empty() || subject.isEmpty()) {
            return item.empty() && subject.isEmpty();
        }
        if (item.domain() == null) {
            return item.regex().matcher(subject).find();
        }
        int at = subject.lastIndexOf('@');
        String local = at < 0 ? "" : subject.substring(0, at).toLowerCase(Locale.ROOT);
        String domain = subject.substring(at + 1).toLowerCase(Locale.ROOT);
        return localMatches(item.local(), local) && domainMatches(item, domain);
    }

    private static boolean localMatches(String pattern, String local) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*")) {
            return local.endsWith(pattern.substring(1));
        }
        return pattern.equals(local);
    }

    private static boolean domainMatches(Item item, String domain) {
        if (item.regex() != null) {
            return item.regex().matcher(domain).find();
        }
        String pattern = item.domain();
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*")) {
            return domain.endsWith(pattern.substring(1));
        }
        return pattern.equals(domain);
    }

    @Override
    public String toString() {
        return text;
    }
}
