package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.scheduler.execution.OperationJob;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.TriggerKind;
import org.guardian.orchestrator.scheduler.store.QuartzScheduleSnapshot;
import org.guardian.orchestrator.scheduler.store.QuartzScheduleSnapshot.StoredTrigger;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Brings Quartz in step with one schedule, or tells that it already is. A schedule that can fire
 * has one durable job and its cron triggers; a paused, suppressed or disabled one keeps its job (so
 * it can be run by hand) but has no cron, retry or waiting triggers; a blocked one has no job.
 */
final class ScheduleReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleReconciler.class);

    private final Scheduler scheduler;
    private final OperationRegistry registry;
    private final TriggerPlan plan;

    ScheduleReconciler(Scheduler scheduler, OperationRegistry registry, TriggerPlan plan) {
        this.scheduler = scheduler;
        this.registry = registry;
        this.plan = plan;
    }

    /** Why a schedule cannot fire (unreadable row, cron or zone, operation, config, then the graph's problem), or null. */
    String blockedReason(Schedule schedule, String graphProblem) {
        if (schedule.defect() != null) {
            return schedule.defect();
        }
        String cron = plan.problem(schedule);
        if (cron != null) {
            return cron;
        }
        String operation = operationProblem(schedule);
        return operation != null ? operation : graphProblem;
    }

    /** Why this node cannot run the schedule's operation (not registered here, config it refuses), or null. */
    String operationProblem(Schedule schedule) {
        return operationProblem(schedule.operation(), schedule.config());
    }

    /** Why this node cannot run {@code name} with {@code config}, or null. */
    String operationProblem(String name, Map<String, Object> config) {
        Optional<Operation> operation = registry.find(name);
        if (operation.isEmpty()) {
            return "operation " + name + " is not registered";
        }
        try {
            OperationConfig.validate(operation.get().configKeys(), config);
            return null;
        } catch (IllegalArgumentException e) {
            return "invalid config: " + e.getMessage();
        }
    }

    /**
     * Whether Quartz, as {@code quartz} shows it, already holds what {@link #apply} would leave:
     * then the schedule needs no call to Quartz.
     */
    boolean inStep(Schedule schedule, boolean blocked, QuartzScheduleSnapshot quartz) {
        if (blocked || !quartz.hasJob(schedule.name())) {
            return blocked && !quartz.hasJob(schedule.name());
        }
        boolean fires = fires(schedule);
        Map<TriggerKey, StoredTrigger> desired;
        try {
            desired = fires ? desiredTriggers(schedule) : Map.of();
        } catch (RuntimeException e) {
            return false; // apply says why
        }
        int matched = 0;
        for (StoredTrigger stored : quartz.triggersOf(schedule.name())) {
            StoredTrigger wanted = desired.get(stored.key());
            if (stored.equals(wanted)) {
                matched++;
            } else if (wanted != null || isStale(stored.key(), fires)) {
                return false;
            }
        }
        return matched == desired.size();
    }

    /** The cron triggers the schedule needs, as Quartz stores them (built only when it has several). */
    private Map<TriggerKey, StoredTrigger> desiredTriggers(Schedule schedule) {
        Optional<StoredTrigger> single = plan.singleCronTrigger(schedule);
        if (single.isPresent()) {
            return Map.of(single.get().key(), single.get());
        }
        Map<TriggerKey, StoredTrigger> desired = new HashMap<>();
        plan.cronTriggers(schedule).forEach((key, trigger) -> desired.put(key, new StoredTrigger(key,
                trigger.getCronExpression(), trigger.getTimeZone().getID(), trigger.getPriority(),
                trigger.getMisfireInstruction())));
        return desired;
    }

    /** The cron triggers a schedule Quartz holds nothing of gets with its job (none unless it fires). */
    Set<? extends Trigger> cronTriggersToAdd(Schedule schedule) {
        return fires(schedule) ? new HashSet<>(plan.cronTriggers(schedule).values()) : Set.of();
    }

    /** Makes Quartz hold what {@code schedule} needs: nothing when {@code blocked}, else its job and triggers. */
    void apply(Schedule schedule, boolean blocked) throws SchedulerException {
        JobKey job = QuartzKeys.job(schedule.name());
        if (blocked) {
            scheduler.deleteJob(job);
            return;
        }
        boolean fires = fires(schedule);
        Map<TriggerKey, CronTrigger> desired = fires ? plan.cronTriggers(schedule) : Map.of();
        if (!scheduler.checkExists(job)) {
            scheduler.addJob(jobDetail(schedule), false);
        }
        Map<TriggerKey, Trigger> existing = new HashMap<>();
        for (Trigger trigger : scheduler.getTriggersOfJob(job)) {
            existing.put(trigger.getKey(), trigger);
        }
        for (Map.Entry<TriggerKey, CronTrigger> trigger : desired.entrySet()) {
            reconcileTrigger(schedule, trigger.getValue(), existing.remove(trigger.getKey()));
        }
        for (TriggerKey stale : existing.keySet()) {
            if (isStale(stale, fires)) {
                scheduler.unscheduleJob(stale);
            }
        }
    }

    static boolean fires(Schedule schedule) {
        return schedule.enabled() && !schedule.paused() && !schedule.suppressed();
    }

    /**
     * Whether a trigger not among the schedule's cron triggers must go: an old cron trigger, and
     * retries and waiting runs (but a waiting manual run) of a schedule that does not fire.
     */
    private static boolean isStale(TriggerKey trigger, boolean fires) {
        boolean oldCron = QuartzKeys.SCHEDULES.equals(trigger.getGroup());
        boolean cancelledRetry = QuartzKeys.RETRIES.equals(trigger.getGroup()) && !fires;
        boolean cancelledWait = QuartzKeys.LATE.equals(trigger.getGroup()) && !fires
                && !trigger.getName().contains("#" + TriggerKind.MANUAL + "#");
        return oldCron || cancelledRetry || cancelledWait;
    }

    /**
     * Whether Quartz refused the schedule for a reason of its own (an expression it cannot take, a
     * value its tables refuse), rather than because the database is away or busy: only the former
     * blocks the schedule.
     */
    static boolean refusedForTheSchedule(Exception e) {
        if (e instanceof ObjectAlreadyExistsException) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state != null && (state.startsWith("22") || state.startsWith("23"));
            }
        }
        return !(e instanceof JobPersistenceException);
    }

    private void reconcileTrigger(Schedule schedule, CronTrigger desired, Trigger existing) throws SchedulerException {
        if (existing == null) {
            scheduler.scheduleJob(desired);
        } else if (!(existing instanceof CronTrigger current) || !same(current, desired)) {
            scheduler.rescheduleJob(desired.getKey(), desired);
            LOG.info("Schedule {}: trigger {} now '{}' in {}", schedule.name(), desired.getKey().getName(),
                    desired.getCronExpression(), desired.getTimeZone().getID());
        }
    }

    private static boolean same(CronTrigger a, CronTrigger b) {
        return a.getCronExpression().equals(b.getCronExpression())
                && a.getTimeZone().getID().equals(b.getTimeZone().getID())
                && a.getPriority() == b.getPriority()
                && a.getMisfireInstruction() == b.getMisfireInstruction();
    }

    static JobDetail jobDetail(Schedule schedule) {
        return JobBuilder.newJob(OperationJob.class).withIdentity(QuartzKeys.job(schedule.name()))
                .storeDurably().requestRecovery().build();
    }
}
