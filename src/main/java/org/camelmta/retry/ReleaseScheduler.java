package org.camelmta.retry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.camelmta.config.Settings;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz drives redelivery: a durable job per destination, with a trigger at each distinct time
 * mail for it falls due (rounded to the second, so 10,000 messages waiting for one host share
 * one trigger), and a periodic sweep. Triggers live in a persistent job store, so the schedule
 * survives restarts of the engine and of the broker; a trigger missed while the engine was down
 * fires as soon as it is back.
 */
public final class ReleaseScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseScheduler.class);
    private static final String GROUP = "mta-release";
    private static final JobKey SWEEP = new JobKey("sweep", GROUP);

    public static final String KEY_STATE_URL = "mta.retry.state-url";
    public static final String KEY_STATE_USER = "mta.retry.state-user";
    public static final String KEY_STATE_PASSWORD = "mta.retry.state-password";
    public static final String KEY_CLUSTERED = "mta.retry.clustered";
    public static final String KEY_SWEEP_INTERVAL = "mta.retry.sweep-interval";

    private final Scheduler scheduler;
    // Triggers known to exist, so a burst of deferrals to one destination costs one database write.
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    private ReleaseScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts Quartz on the configured store with the releaser its jobs call. */
    public static ReleaseScheduler start(Settings s, Path dataDir, Releaser releaser) throws SchedulerException {
        Path state = dataDir.resolve("state");
        try {
            Files.createDirectories(state);
        } catch (java.io.IOException e) {
            throw new SchedulerException("cannot create " + state, e);
        }
        String url = s.get(KEY_STATE_URL, "jdbc:h2:file:" + state.toAbsolutePath().resolve("quartz")
                + ";DB_CLOSE_ON_EXIT=FALSE");
        Properties p = new Properties();
        // One scheduler per data directory: tests and embedders may run several engines in one JVM.
        p.setProperty("org.quartz.scheduler.instanceName", "camel-mta-" + Integer.toHexString(
                dataDir.toAbsolutePath().normalize().toString().hashCode()));
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "mta");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(s.bool(KEY_CLUSTERED, false)));
        p.setProperty("org.quartz.dataSource.mta.connectionProvider.class", QuartzStore.class.getName());
        p.setProperty("org.quartz.dataSource.mta.jdbcUrl", url);
        p.setProperty("org.quartz.dataSource.mta.jdbcUser", s.get(KEY_STATE_USER, "sa"));
        p.setProperty("org.quartz.dataSource.mta.jdbcPassword", s.get(KEY_STATE_PASSWORD, ""));
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.getContext().put(ReleaseJob.RELEASER, releaser);
        ReleaseScheduler result = new ReleaseScheduler(scheduler);
        result.scheduleSweep(s.duration(KEY_SWEEP_INTERVAL, Duration.ofMinutes(1)));
        scheduler.start();
        return result;
    }

    /** Makes sure the destination's mail is released at {@code at} (or as soon after as possible). */
    public void releaseAt(String domain, Instant at) {
        long second = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
        String name = domain + "@" + second;
        if (known.putIfAbsent(name, second) != null) {
            return;
        }
        try {
            ensureJob(domain);
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(jobKey(domain))
                    .startAt(new Date(second * 1000))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            scheduler.scheduleJob(trigger);
        } catch (ObjectAlreadyExistsException e) {
            // another thread or an earlier run scheduled the same second
        } catch (SchedulerException e) {
            known.remove(name);
            throw new IllegalStateException("cannot schedule the release of " + domain + ": " + e.getMessage(), e);
        }
        forgetPast();
    }

    /** Releases the destination's due mail now (a probe got through, an operator's flush). */
    public void releaseNow(String domain) {
        try {
            ensureJob(domain);
            scheduler.triggerJob(jobKey(domain));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot release " + domain + ": " + e.getMessage(), e);
        }
    }

    /** When the destination's next release is scheduled, if any. */
    public Optional<Instant> nextRelease(String domain) {
        try {
            return scheduler.getTriggersOfJob(jobKey(domain)).stream().map(Trigger::getNextFireTime)
                    .filter(java.util.Objects::nonNull).min(Date::compareTo).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    public Scheduler quartz() {
        return scheduler;
    }

    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }

    private void ensureJob(String domain) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(ReleaseJob.class).withIdentity(jobKey(domain)).storeDurably()
                .usingJobData(ReleaseJob.DOMAIN, domain).build();
        try {
            scheduler.addJob(job, false);
        } catch (ObjectAlreadyExistsException e) {
            // there already, as it should be
        }
    }

    private void scheduleSweep(Duration every) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(ReleaseJob.class).withIdentity(SWEEP).storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("sweep", GROUP).forJob(SWEEP)
                .startAt(new Date(System.currentTimeMillis() + every.toMillis()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.addJob(job, true);
        if (scheduler.checkExists(trigger.getKey())) {
            scheduler.rescheduleJob(trigger.getKey(), trigger);
        } else {
            scheduler.scheduleJob(trigger);
        }
        LOG.debug("deferred mail sweep every {}", every);
    }

    private void forgetPast() {
        if (known.size() > 10_000) {
            long now = Instant.now().getEpochSecond();
            known.values().removeIf(second -> second < now);
        }
    }

    private static JobKey jobKey(String domain) {
        return new JobKey(domain, GROUP);
    }

    static TriggerKey triggerKey(String name) {
        return new TriggerKey(name, GROUP);
    }
}
