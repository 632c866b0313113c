package org.camelmta.retry;

import java.util.List;
import org.camelmta.submit.MailAddress;

/**
 * The check made before resolving and connecting: which recipients may be tried now, and
 * which are held back because a domain or address hint's retry time has not come.
 *
 * @param proceed the recipients to try
 * @param held    the others, each {@link RecipientDecision.Outcome#DEFERRED} "retry time not reached"
 */
public record RecipientGate(List<MailAddress> proceed, List<RecipientDecision> held) {

    public RecipientGate {
        proceed = List.copyOf(proceed);
        held = List.copyOf(held);
    }
}
