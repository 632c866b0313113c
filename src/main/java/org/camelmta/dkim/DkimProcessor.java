package org.camelmta.dkim;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.camelmta.submit.HeaderSection;
import org.camelmta.submit.LineEnds;
import org.camelmta.submit.Submission;
import org.camelmta.submit.SubmissionProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submit route's signing step ({@code mtaDkim}, method {@code sign}): after
 * {@code mtaSubmission.accept} and before the split by domain, so every copy carries the same
 * signatures. It signs the accepted message as it will go on the wire, with every key of the
 * From domain's policy ({@link DkimSettings#forDomain}); a message whose domain has no policy
 * passes unchanged. Remove the step from routes/submit.yaml to stop signing, or call the bean
 * from a route of your own.
 */
public class DkimProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DkimProcessor.class);

    private final DkimSettings settings;
    private final DkimKeys keys;
    private final Clock clock;

    public DkimProcessor(DkimSettings settings, DkimKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Reads the settings and every key.
     *
     * @throws IllegalArgumentException naming the setting or key that is wrong
     */
    public static DkimProcessor from(org.camelmta.config.Settings s, Clock clock) {
        DkimSettings settings = DkimSettings.from(s);
        return new DkimProcessor(settings, DkimKeys.load(settings), clock);
    }

    public DkimSettings settings() {
        return settings;
    }

    /**
     * Signs the accepted submission in the exchange ({@link SubmissionProcessor#ACCEPTED}).
     *
     * @throws DkimException when a key of its domain cannot be used and
     *                       {@code mta.dkim.on-error=defer}: the transaction rolls back
     */
    public void sign(Exchange exchange) {
        Submission.Accepted accepted = exchange.getProperty(SubmissionProcessor.ACCEPTED, Submission.Accepted.class);
        if (accepted == null || !settings.enabled()) {
            return;
        }
        byte[] signed = sign(accepted.content(), accepted.envelope().id());
        if (signed != accepted.content()) {
            exchange.setProperty(SubmissionProcessor.ACCEPTED, accepted.withContent(signed));
        }
    }

    /** The message with its signatures on top, or {@code content} itself when none applies. */
    public byte[] sign(byte[] content, String id) {
        Optional<DomainPolicy> found = settings.forDomain(fromDomain(content));
        if (found.isEmpty()) {
            return content;
        }
        DomainPolicy policy = found.get();
        List<DkimSigner.SelectedKey> usable = new ArrayList<>();
        for (DomainPolicy.Selector selector : policy.selectors()) {
            try {
                usable.add(new DkimSigner.SelectedKey(selector.name(), keys.get(selector.keyFile())));
            } catch (RuntimeException e) {
                String what = DkimSettings.PREFIX + policy.domain() + "." + selector.name() + ".key-file: "
                        + e.getMessage();
                if (settings.onError() == DkimSettings.OnError.DEFER) {
                    LOG.warn("message {} not signed, held for redelivery ({}=defer): {}", id, DkimSettings.KEY_ON_ERROR,
                            what);
                    throw new DkimException("DKIM key unusable, " + what, e);
                }
                LOG.warn("message {} sent without the {} signature of {} ({}=send-unsigned): {}", id, selector.name(),
                        policy.signingDomain(), DkimSettings.KEY_ON_ERROR, what);
            }
        }
        if (usable.isEmpty()) {
            return content;
        }
        byte[] wire = LineEnds.toCrlf(content); // accept() made it so; a route may have put other content here
        String fields = DkimSigner.sign(wire, policy, usable, clock.instant());
        byte[] head = fields.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + wire.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(wire, 0, out, head.length, wire.length);
        return out;
    }

    /** The domain of the (first) From address, or null. */
    static String fromDomain(byte[] content) {
        List<String> from;
        try {
            from = HeaderSection.of(content).addresses("From");
        } catch (RuntimeException e) {
            return null;
        }
        if (from.isEmpty()) {
            return null;
        }
        String address = from.get(0);
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String domain = address.substring(at + 1).strip();
        if (domain.endsWith(">")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }
}
