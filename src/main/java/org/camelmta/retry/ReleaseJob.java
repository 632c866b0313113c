package org.camelmta.retry;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * A Quartz job that releases one destination's due mail ({@code domain} in its data), or,
 * without a domain, sweeps every destination. Camel-quartz's own job is not used: a one-off
 * trigger aimed at it can be skipped when it fires a few milliseconds early.
 */
@DisallowConcurrentExecution
public class ReleaseJob implements Job {

    static final String DOMAIN = "domain";
    static final String RELEASER = "mtaReleaser";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Releaser releaser;
        try {
            releaser = (Releaser) context.getScheduler().getContext().get(RELEASER);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
        String domain = context.getMergedJobDataMap().getString(DOMAIN);
        try {
            if (domain == null) {
                releaser.sweep();
            } else {
                releaser.releaseDue(domain);
            }
        } catch (RuntimeException e) {
            // The broker may be restarting: the sweep will pick this destination up later.
            throw new JobExecutionException("releasing deferred mail for " + (domain == null ? "all" : domain)
                    + ": " + e.getMessage(), e, false);
        }
    }
}
