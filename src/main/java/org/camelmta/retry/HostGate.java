package org.camelmta.retry;

import java.time.Instant;
import java.util.List;
import org.camelmta.dns.Hop;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;

/**
 * The check made before connecting (Exim's {@code retry_check_address} over the host list):
 * which hops may be tried now.
 *
 * @param verdict      PROCEED with {@code hops}; DEFER when no host's retry time has come;
 *                     BOUNCE when every host is past its cut-off and none may be tried
 *                     ({@code delay_after_cutoff})
 * @param hops         the hops to try, in plan order (empty unless PROCEED)
 * @param retrySkipped whether some hop was left out because its retry time has not come: a
 *                     recipient then does not time out in this attempt (Exim's
 *                     {@code af_retry_skipped}); pass the gate on to
 *                     {@link RetryPolicy#afterDelivery}
 * @param skipped      the hops left out because their host or host+message hint's retry time
 *                     has not come (expired ones included)
 * @param skippedUntil the earliest retry time among the hops left out (null if none)
 * @param reply        for DEFER and BOUNCE, the reply to record for every recipient
 */
public record HostGate(Verdict verdict, List<Hop> hops, boolean retrySkipped, List<Hop> skipped, Instant skippedUntil,
                       SmtpReply reply) {

    public enum Verdict { PROCEED, DEFER, BOUNCE }

    public HostGate {
        hops = List.copyOf(hops);
        skipped = List.copyOf(skipped);
    }

    /** For a gate that lets nothing through: the decision for each recipient. */
    public List<RecipientDecision> decisionsFor(List<MailAddress> recipients) {
        if (verdict == Verdict.PROCEED) {
            throw new IllegalStateException("the gate lets hops through; deliver to them");
        }
        RecipientDecision.Outcome outcome = verdict == Verdict.DEFER
                ? RecipientDecision.Outcome.DEFERRED : RecipientDecision.Outcome.EXPIRED;
        Instant next = verdict == Verdict.DEFER ? skippedUntil : null;
        return recipients.stream().map(r -> new RecipientDecision(r, outcome, reply, next, reply.text())).toList();
    }
}
