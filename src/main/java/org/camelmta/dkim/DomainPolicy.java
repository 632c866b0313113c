package org.camelmta.dkim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How mail from one domain is signed: {@code mta.dkim.<domain>.*}.
 *
 * @param domain           the configured domain, or {@code *} for the default
 * @param signingDomain    the {@code d=} value: the domain itself, or for the default the
 *                         value of {@code mta.dkim.*.domain}
 * @param selectors        one signature per selector, in order, each with its key file
 * @param headers          the fields signed, each as often as it is present
 * @param oversign         the fields signed once more than present, so none can be added
 * @param canonicalization the {@code c=} tag
 * @param expire           how long a signature is valid ({@code x=}), or null for no limit
 */
public record DomainPolicy(String domain, String signingDomain, List<Selector> selectors, List<String> headers,
                           List<String> oversign, Canonicalization canonicalization, Duration expire) {

    /** A selector and the file of its private key. */
    public record Selector(String name, Path keyFile) {
    }

    public DomainPolicy {
        selectors = List.copyOf(selectors);
        headers = List.copyOf(headers);
        oversign = List.copyOf(oversign);
    }
}
