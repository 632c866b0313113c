package org.camelmta.dkim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.camelmta.config.Settings;

/**
 * The DKIM settings, {@code mta.dkim.*}: for each signing domain its selectors and key files,
 * the fields to sign and oversign, the canonicalisation and the expiry; and what to do when a
 * configured key cannot be used at run time. Nothing is signed when no domain is configured.
 */
public record DkimSettings(Map<String, DomainPolicy> domains, OnError onError) {

    public static final String PREFIX = "mta.dkim.";
    public static final String KEY_ON_ERROR = "mta.dkim.on-error";
    /** The default domain's key prefix: {@code mta.dkim.*.selectors}. */
    public static final String DEFAULT_DOMAIN = "*";

    /**
     * The fields signed by default: those a reader sees or that change what the message means
     * (RFC 6376 §5.4.1's list, less the trace fields, plus List-Unsubscribe, RFC 8058).
     */
    public static final List<String> DEFAULT_HEADERS = List.of("From", "Reply-To", "Subject", "Date", "To", "Cc",
            "Message-ID", "In-Reply-To", "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
            "Content-ID", "Content-Description", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post");
    /**
     * Fields signed once more than they are present, so that no copy can be added after
     * signing without breaking the signature (RFC 6376 §8.15; KumoMTA's default).
     */
    public static final List<String> DEFAULT_OVERSIGN = List.of("From", "To", "Subject", "Date", "Message-ID",
            "Reply-To", "Cc", "MIME-Version", "Content-Type", "Content-Transfer-Encoding");

    /** What happens to a message whose domain's key cannot be used at run time. */
    public enum OnError {
        /**
         * The submission is rolled back and redelivered by the broker; after
         * {@code mta.poison.attempts} tries it is parked on {@code mta.dlq} with the reason.
         */
        DEFER,
        /** The message goes out without this signature, and a warning is logged. */
        SEND_UNSIGNED;

        static OnError parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "defer" -> DEFER;
                case "send-unsigned" -> SEND_UNSIGNED;
                default -> throw new IllegalArgumentException(KEY_ON_ERROR + ": '" + value + "' (defer or send-unsigned)");
            };
        }
    }

    public DkimSettings {
        domains = Map.copyOf(domains);
    }

    public static DkimSettings from(Settings s) {
        OnError onError = OnError.parse(s.get(KEY_ON_ERROR, "defer"));
        Map<String, DomainPolicy> domains = new TreeMap<>();
        for (String key : s.withPrefix(PREFIX).keySet()) {
            if (key.endsWith(".selectors")) {
                String domain = key.substring(0, key.length() - ".selectors".length()).toLowerCase(Locale.ROOT);
                domains.put(domain, policy(s, key.substring(0, key.length() - ".selectors".length())));
            }
        }
        return new DkimSettings(domains, onError);
    }

    private static DomainPolicy policy(Settings s, String domainKey) {
        String p = PREFIX + domainKey + ".";
        String domain = domainKey.toLowerCase(Locale.ROOT);
        List<String> names = list(s.get(p + "selectors", ""));
        if (names.isEmpty()) {
            throw new IllegalArgumentException(p + "selectors: no selector");
        }
        List<DomainPolicy.Selector> selectors = new ArrayList<>();
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                throw new IllegalArgumentException(p + "selectors: '" + name + "' is not a selector (RFC 6376 section 3.1)");
            }
            String file = s.get(p + name + ".key-file", "");
            if (file.isBlank()) {
                throw new IllegalArgumentException(p + name + ".key-file: not set");
            }
            selectors.add(new DomainPolicy.Selector(name, Path.of(file.strip())));
        }
        // The default domain signs as the domain named by mta.dkim.*.domain; any other as itself.
        String signingDomain = domain.equals(DEFAULT_DOMAIN) ? s.get(p + "domain", "").strip().toLowerCase(Locale.ROOT)
                : domain;
        if (signingDomain.isEmpty()) {
            throw new IllegalArgumentException(p + "domain: the default (*) needs the d= domain its keys belong to");
        }
        List<String> oversign = s.get(p + "oversign").map(DkimSettings::list).orElse(DEFAULT_OVERSIGN);
        Set<String> headers = new LinkedHashSet<>(s.get(p + "headers").map(DkimSettings::list).orElse(DEFAULT_HEADERS));
        if (headers.stream().noneMatch("from"::equalsIgnoreCase)) {
            headers.add("From"); // RFC 6376 §5.4: From must always be signed
        }
        Canonicalization c;
        try {
            c = Canonicalization.parse(s.get(p + "canonicalization", "relaxed/relaxed"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p + "canonicalization: " + e.getMessage());
        }
        Duration expire = s.get(p + "expire").filter(v -> !v.isBlank()).map(v -> s.duration(p + "expire", null))
                .orElse(null);
        if (expire != null && (expire.isNegative() || expire.toSeconds() < 1)) {
            throw new IllegalArgumentException(p + "expire: must be at least a second");
        }
        return new DomainPolicy(domain, signingDomain, selectors, List.copyOf(headers), oversign, c, expire);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * The policy for mail whose From address is in {@code fromDomain}: the domain's own, else
     * the nearest configured parent domain's, else the default ({@code *}), else none.
     */
    public Optional<DomainPolicy> forDomain(String fromDomain) {
        String d = fromDomain == null ? "" : fromDomain.toLowerCase(Locale.ROOT);
        while (!d.isEmpty()) {
            DomainPolicy p = domains.get(d);
            if (p != null) {
                return Optional.of(p);
            }
            int dot = d.indexOf('.');
            d = dot < 0 ? "" : d.substring(dot + 1);
        }
        return Optional.ofNullable(domains.get(DEFAULT_DOMAIN));
    }

    public boolean enabled() {
        return !domains.isEmpty();
    }
}
