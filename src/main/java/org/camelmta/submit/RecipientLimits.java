package org.camelmta.submit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How many recipients, and how many distinct recipient domains, one submission may have.
 *
 * <p>{@code mta.max-recipients} (default 1,000) is Postfix's {@code smtpd_recipient_limit}: one
 * submission is one message to at most that many people; a larger list is a mailing list, and
 * is submitted in parts (one message each). {@code mta.max-recipient-domains} (default 100)
 * bounds what one submission makes on the broker: it is split into one message per recipient
 * domain, each with its own copy of the content (the broker keeps a message per queue entry), so
 * a 10 MB message to 1,000 domains would write 10 GB in one transaction. 100 copies of the
 * largest message allowed (about 1 GB) is as far as one submission may go; a list spread over
 * more domains is submitted in parts, or as one message per recipient as bulk senders do.
 *
 * @param maxRecipients       most distinct recipients in one submission
 * @param maxRecipientDomains most distinct recipient domains in one submission
 */
public record RecipientLimits(int maxRecipients, int maxRecipientDomains) {

    public static final String MAX_RECIPIENTS = "mta.max-recipients";
    public static final String MAX_RECIPIENT_DOMAINS = "mta.max-recipient-domains";
    public static final int DEFAULT_MAX_RECIPIENTS = 1_000;
    public static final int DEFAULT_MAX_RECIPIENT_DOMAINS = 100;
    public static final RecipientLimits DEFAULTS = new RecipientLimits(DEFAULT_MAX_RECIPIENTS, DEFAULT_MAX_RECIPIENT_DOMAINS);
    /** No limit but what an int counts: for recipient lists camel-mta wrote itself. */
    public static final RecipientLimits NONE = new RecipientLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public RecipientLimits {
        if (maxRecipients < 1) {
            throw new IllegalArgumentException(MAX_RECIPIENTS + ": must be at least 1");
        }
        if (maxRecipientDomains < 1) {
            throw new IllegalArgumentException(MAX_RECIPIENT_DOMAINS + ": must be at least 1");
        }
    }

    /** A collector of recipients under these limits. */
    Collector collector() {
        return new Collector(this);
    }

    /**
     * Collects recipients in the order first seen, duplicates dropped in constant time each (a
     * hash set, not a scan of the list so far: 1,000 recipients used to cost half a million
     * comparisons). Refuses as soon as a limit is passed, so a huge list is never parsed whole.
     */
    static final class Collector {
        private final RecipientLimits limits;
        private final Set<MailAddress> recipients = new LinkedHashSet<>();
        private final Set<String> domains = new HashSet<>();

        private Collector(RecipientLimits limits) {
            this.limits = limits;
        }

        void add(MailAddress address) {
            if (!recipients.add(address)) {
                return;
            }
            if (recipients.size() > limits.maxRecipients()) {
                throw new InvalidSubmissionException("too many recipients: more than " + limits.maxRecipients()
                        + " (" + MAX_RECIPIENTS + "); submit the list in parts");
            }
            if (domains.add(address.domain()) && domains.size() > limits.maxRecipientDomains()) {
                throw new InvalidSubmissionException("too many recipient domains: more than "
                        + limits.maxRecipientDomains() + " (" + MAX_RECIPIENT_DOMAINS + "); submit the list in parts");
            }
        }

        List<MailAddress> recipients() {
            return new ArrayList<>(recipients);
        }
    }
}
