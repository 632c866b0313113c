package org.camelmta.dns;

/** What resolving a destination gives: a plan to walk, or a failure expressed as a reply. */
public sealed interface PlanResult permits ConnectionPlan, PlanFailure {
}
