package org.camelmta.dns;

import java.util.List;

/**
 * The ordered list of hops delivery walks for one destination (KumoMTA's connection plan):
 * MX hosts by preference, hosts of equal preference shuffled when the plan was built, each
 * host's addresses ordered by the IP strategy, capped by the configured limits. The order is
 * the plan; whoever walks it takes the hops as they come, with no further sorting.
 *
 * @param domain the destination domain the plan was built for
 * @param hops   the hops, first to try first; never empty
 */
public record ConnectionPlan(String domain, List<Hop> hops) implements PlanResult {

    public ConnectionPlan {
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("a connection plan needs at least one hop");
        }
        hops = List.copyOf(hops);
    }

    public Hop first() {
        return hops.get(0);
    }

    public int size() {
        return hops.size();
    }
}
