package org.camelmta.submit;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** RFC 3461 §4.1 NOTIFY keywords: when the sender wants to hear about a recipient. */
public enum Notify {
    NEVER,
    SUCCESS,
    FAILURE,
    DELAY;

    /**
     * Parses a NOTIFY value such as {@code SUCCESS,FAILURE}: a comma-separated list of
     * keywords in any case, each at most once, {@code NEVER} only on its own.
     *
     * @return the keywords, never empty
     */
    public static Set<Notify> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw new DsnSyntaxException("NOTIFY needs a value: NEVER, or a list of SUCCESS, FAILURE, DELAY");
        }
        EnumSet<Notify> set = EnumSet.noneOf(Notify.class);
        for (String part : text.split(",", -1)) {
            String word = part.strip().toUpperCase(Locale.ROOT);
            Notify keyword;
            try {
                keyword = word.isEmpty() ? null : valueOf(word);
            } catch (IllegalArgumentException e) {
                keyword = null;
            }
            if (keyword == null) {
                throw new DsnSyntaxException("NOTIFY: '" + Ret.printable(part)
                        + "' is not one of NEVER, SUCCESS, FAILURE, DELAY");
            }
            if (!set.add(keyword)) {
                throw new DsnSyntaxException("NOTIFY: " + keyword + " given twice");
            }
        }
        return checked(set);
    }

    /** Checks a keyword set against RFC 3461's rules and returns it unmodifiable. */
    static Set<Notify> checked(Set<Notify> set) {
        if (set.contains(NEVER) && set.size() > 1) {
            throw new DsnSyntaxException("NOTIFY: NEVER cannot be combined with other keywords");
        }
        return set.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(set));
    }

    /** The NOTIFY value as written in a RCPT command, keywords in RFC order. */
    public static String format(Set<Notify> set) {
        StringBuilder sb = new StringBuilder();
        for (Notify n : values()) {
            if (set.contains(n)) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(n.name());
            }
        }
        return sb.toString();
    }
}
