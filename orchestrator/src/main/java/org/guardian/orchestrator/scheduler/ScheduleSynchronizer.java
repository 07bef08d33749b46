package org.guardian.orchestrator.scheduler;

import io.dropwizard.lifecycle.Managed;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.DependencyGraph;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.guardian.orchestrator.core.cron.InvalidCronException;
import org.guardian.orchestrator.core.cron.QuartzCron;
import org.guardian.orchestrator.db.ScheduleDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Predicate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes Quartz match {@code maintenance_schedules} (the source of truth): at start, after every
 * change through the API, and within one poll interval of a direct SQL edit.
 *
 * <p>A schedule that can fire has one durable job and its cron triggers. A paused, suppressed or
 * disabled schedule keeps its job (so it can be run by hand) but has no cron, retry or waiting
 * triggers. A blocked schedule (invalid cron, unknown operation or config, dependency cycle
 * or missing dependency) has no job at all and its reason is written to {@code blocked_reason}.
 * Passes are serialized across the cluster by a PostgreSQL advisory lock and change Quartz only
 * where it differs, so three nodes reconciling at once converge on the same state. Besides the
 * passes a change calls for, one node of the cluster makes a full pass every
 * {@code FULL_PASS_EVERY} polls as a safety net (whichever node's turn comes first claims it),
 * and a node starting right after a full pass that saw the table as it is does not make another.
 */
public final class ScheduleSynchronizer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSynchronizer.class);
    private static final int LOCK_KEY = 1;
    private static final int FULL_PASS_EVERY = 12;

    private final Jdbi jdbi;
    private final Scheduler scheduler;
    private final OperationRegistry registry;
    private final CronCache crons;
    private final Clock clock;
    private final int pollSeconds;
    /** The cluster's period between full passes. */
    private final int fullPassSeconds;
    /** On-demand DAO: each call takes a connection of its own, outside any pass's handle. */
    private final ScheduleDao schedules;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-reconciler");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastSignature = "";
    private int polls;
    private volatile int fullPasses;

    public ScheduleSynchronizer(Jdbi jdbi, Scheduler scheduler, OperationRegistry registry, CronCache crons,
                                Clock clock, int pollSeconds) {
        this.jdbi = jdbi;
        this.scheduler = scheduler;
        this.registry = registry;
        this.crons = crons;
        this.clock = clock;
        this.pollSeconds = pollSeconds;
        this.fullPassSeconds = FULL_PASS_EVERY * pollSeconds;
        this.schedules = jdbi.onDemand(ScheduleDao.class);
    }

    /** Reconciles, then polls every interval; each poll, whatever it finds, is the reconciler's progress. */
    public void start(LoopProgress progress) throws Exception {
        startingPass();
        poller.scheduleWithFixedDelay(() -> poll(progress), pollSeconds, pollSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        poller.shutdownNow();
    }

    private void poll(LoopProgress progress) {
        try {
            progress.beat();
            if (!schedules.signature().equals(lastSignature)) {
                synchronizeAll();
            } else if (++polls % FULL_PASS_EVERY == 0 && fullPassDue()) {
                synchronizeAll();
            }
        } catch (Throwable t) {
            LOG.warn("Reconciliation failed, will retry: {}", t.toString());
        }
    }

    /**
     * The periodic full pass is the cluster's, not each node's: a node whose turn comes makes it
     * only when no node made one within the last 90 % of the period (a little slack so that the
     * node whose turn it is finds it due).
     */
    private boolean fullPassDue() {
        return schedules.claimFullReconcile(fullPassSeconds * 0.9).isPresent();
    }

    /** Reconciles every schedule. */
    public synchronized void synchronizeAll() throws SchedulerException {
        String signature = pass(schedule -> true);
        schedules.recordFullReconcile(signature);
        lastSignature = signature;
        fullPasses++;
    }

    /**
     * A node joining a cluster whose last full pass is recent and saw the table as it is now finds
     * Quartz (shared by the cluster) already matching it: it reconciles only the schedules its own
     * view would block or unblock (an operation this node's version registers or not). Otherwise,
     * or on a fresh database, it makes a full pass.
     */
    private synchronized void startingPass() throws SchedulerException {
        String signature = schedules.signature();
        if (schedules.recentlyReconciled(signature, fullPassSeconds)) {
            String seen = pass(schedule -> false);
            if (seen.equals(signature)) { // else the table changed meanwhile: a full pass after all
                lastSignature = seen;
                LOG.info("Quartz already matches the schedules (full pass by the cluster within {} s)",
                        fullPassSeconds);
                return;
            }
        }
        synchronizeAll();
    }

    /** Full passes this node made (for tests and diagnosis). */
    public int fullPasses() {
        return fullPasses;
    }

    /**
     * Reconciles one schedule now (after a change through the API), plus any other whose blocked
     * state the change alters (a dependency appearing or going away); the poller's full pass
     * catches everything else.
     */
    public synchronized void apply(String name) throws SchedulerException {
        pass(schedule -> schedule.name().equals(name));
    }

    /** One locked pass over the schedules {@code selected} picks; returns the signature it saw. */
    private String pass(Predicate<Schedule> selected) throws SchedulerException {
        try (Handle handle = jdbi.open()) {
            lock(handle);
            try {
                ScheduleDao dao = handle.attach(ScheduleDao.class);
                String signature = dao.signature();
                List<Schedule> all = dao.findAll();
                Map<String, String> graphProblems = DependencyGraph.of(all).problems();
                Set<String> names = new HashSet<>();
                for (Schedule schedule : all) {
                    names.add(schedule.name());
                    String problem = graphProblems.get(schedule.name());
                    boolean blockChanges = !Objects.equals(blockedReason(schedule, problem), schedule.blockedReason());
                    if (selected.test(schedule) || blockChanges) {
                        reconcile(dao, schedule, problem);
                    }
                }
                for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(QuartzKeys.SCHEDULES))) {
                    if (!names.contains(key.getName())) {
                        scheduler.deleteJob(key);
                        LOG.info("Schedule {} is gone from the table; removed from Quartz", key.getName());
                    }
                }
                return signature;
            } finally {
                unlock(handle);
            }
        }
    }

    private void reconcile(ScheduleDao dao, Schedule schedule, String graphProblem) throws SchedulerException {
        String reason = blockedReason(schedule, graphProblem);
        if (dao.setBlockedReason(schedule.name(), reason) > 0 && reason != null) {
            LOG.warn("Schedule {} is BLOCKED: {}", schedule.name(), reason);
        }
        JobKey job = QuartzKeys.job(schedule.name());
        if (reason != null) {
            scheduler.deleteJob(job);
            return;
        }
        if (!scheduler.checkExists(job)) {
            scheduler.addJob(jobDetail(schedule), false);
        }
        boolean fires = schedule.enabled() && !schedule.paused() && !schedule.suppressed();
        List<QuartzCron> desired = fires ? crons.get(schedule).quartzTriggers() : List.of();
        Map<TriggerKey, Trigger> existing = new HashMap<>();
        for (Trigger trigger : scheduler.getTriggersOfJob(job)) {
            existing.put(trigger.getKey(), trigger);
        }
        for (int i = 0; i < desired.size(); i++) {
            TriggerKey key = QuartzKeys.cronTrigger(schedule.name(), i);
            reconcileTrigger(schedule, key, existing.remove(key), desired.get(i));
        }
        for (TriggerKey stale : existing.keySet()) {
            boolean oldCron = QuartzKeys.SCHEDULES.equals(stale.getGroup());
            boolean cancelledRetry = QuartzKeys.RETRIES.equals(stale.getGroup()) && !fires;
            boolean cancelledWait = QuartzKeys.LATE.equals(stale.getGroup()) && !fires
                    && !stale.getName().contains("#" + TriggerKind.MANUAL + "#");
            if (oldCron || cancelledRetry || cancelledWait) {
                scheduler.unscheduleJob(stale);
            }
        }
        dao.setNextRun(schedule.name(), fires ? crons.nextFireTime(schedule, clock.instant()) : null);
    }

    private void reconcileTrigger(Schedule schedule, TriggerKey key, Trigger existing, QuartzCron expression)
            throws SchedulerException {
        CronTrigger desired = cronTrigger(schedule, key, expression, clock.instant());
        if (existing == null) {
            scheduler.scheduleJob(desired);
        } else if (!(existing instanceof CronTrigger current) || !same(current, desired)) {
            scheduler.rescheduleJob(key, desired);
            LOG.info("Schedule {}: trigger {} now '{}' in {}", schedule.name(), key.getName(), expression.expression(),
                    expression.timeZoneId());
        }
    }

    private static boolean same(CronTrigger a, CronTrigger b) {
        return a.getCronExpression().equals(b.getCronExpression())
                && a.getTimeZone().getID().equals(b.getTimeZone().getID())
                && a.getPriority() == b.getPriority()
                && a.getMisfireInstruction() == b.getMisfireInstruction();
    }

    /**
     * Starting one second from now makes the first fire time the first one strictly after now:
     * Quartz computes a cron trigger's first fire time from one second before its start time, so a
     * trigger created (or re-created by a resume) just after a fire time would fire that time again.
     */
    private static CronTrigger cronTrigger(Schedule schedule, TriggerKey key, QuartzCron expression, Instant now) {
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(expression.expression())
                .inTimeZone(TimeZone.getTimeZone(expression.timeZoneId()));
        cron = switch (schedule.misfirePolicy()) {
            case FIRE_ONCE -> cron.withMisfireHandlingInstructionFireAndProceed();
            case SKIP -> cron.withMisfireHandlingInstructionDoNothing();
        };
        return TriggerBuilder.newTrigger().withIdentity(key).forJob(QuartzKeys.job(schedule.name()))
                .withPriority(schedule.quartzPriority()).startAt(Date.from(now.plusSeconds(1))).withSchedule(cron)
                .build();
    }

    private static JobDetail jobDetail(Schedule schedule) {
        return JobBuilder.newJob(OperationJob.class).withIdentity(QuartzKeys.job(schedule.name()))
                .storeDurably().requestRecovery().build();
    }

    /** Why a schedule cannot fire, or null. */
    String blockedReason(Schedule schedule, String graphProblem) {
        try {
            crons.get(schedule);
        } catch (InvalidCronException e) {
            return "invalid cron (" + e.field() + "): " + e.getMessage();
        }
        Optional<Operation> operation = registry.find(schedule.operation());
        if (operation.isEmpty()) {
            return "operation " + schedule.operation() + " is not registered";
        }
        try {
            OperationConfig.validate(operation.get().configKeys(), schedule.config());
        } catch (IllegalArgumentException e) {
            return "invalid config: " + e.getMessage();
        }
        return graphProblem;
    }

    private static void lock(Handle handle) {
        handle.createQuery("SELECT pg_advisory_lock(:cls, :key)").bind("cls", NodeLiveness.LOCK_CLASS + 1)
                .bind("key", LOCK_KEY).mapTo(String.class).one();
    }

    private static void unlock(Handle handle) {
        handle.createQuery("SELECT pg_advisory_unlock(:cls, :key)").bind("cls", NodeLiveness.LOCK_CLASS + 1)
                .bind("key", LOCK_KEY).mapTo(Boolean.class).one();
    }
}
