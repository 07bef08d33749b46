package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronSchedule;
import org.guardian.orchestrator.core.cron.InvalidCronException;
import org.guardian.orchestrator.core.cron.QuartzCron;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.guardian.orchestrator.scheduler.store.QuartzScheduleSnapshot.StoredTrigger;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The Quartz cron triggers of a schedule, built exactly as they are stored, and why Quartz would
 * refuse them: the API checks a definition here before storing anything, and the reconciler
 * blocks a row that fails here instead of handing Quartz what it cannot schedule.
 */
final class TriggerPlan {
    /** Quartz stores a cron expression in at most 120 characters. */
    static final int MAX_EXPRESSION_LENGTH = 120;

    private final CronCache crons;
    private final Clock clock;
    /** Quartz's verdict on each expression: time-independent, so kept (as many as the cron cache lists). */
    private final Cache<String, String> quartzVerdicts = Caffeine.newBuilder().maximumSize(250_000)
            .executor(Runnable::run).build();

    TriggerPlan(CronCache crons, Clock clock) {
        this.crons = crons;
        this.clock = clock;
    }

    /**
     * Why the schedule's cron or time zone cannot be scheduled, as {@code field: what is wrong}
     * (e.g. {@code cron: never fires again}), or null when Quartz takes it.
     */
    String problem(Schedule schedule) {
        List<QuartzCron> triggers;
        try {
            if (crons.nextFireTimes(schedule, clock.instant(), 1).isEmpty()) { // parses it when not known yet
                return "cron: never fires again";
            }
            triggers = crons.quartzTriggers(schedule);
        } catch (InvalidCronException e) {
            return e.field().equals("timeZone") ? "timeZone: " + e.getMessage()
                    : "cron: invalid " + e.field() + " field: " + e.getMessage();
        } catch (RuntimeException e) {
            return "cron: cannot be evaluated: " + e.getMessage();
        }
        boolean quartzSyntax = !CronSchedule.isUnixSyntax(schedule.cron());
        for (int i = 0; i < triggers.size(); i++) {
            // a Quartz-syntax schedule's own expression comes first, and parsing it had Quartz check it
            boolean checked = i == 0 && quartzSyntax;
            String expression = triggers.get(i).expression();
            String refusal = checked ? lengthRefusal(expression)
                    : quartzVerdicts.get(expression, TriggerPlan::quartzRefusal);
            if (!refusal.isEmpty()) {
                return "cron: " + refusal;
            }
        }
        return null;
    }

    /**
     * The schedule's cron triggers by key, each with a fire time ahead (a DST companion that will
     * never fire again is left out, as Quartz would refuse to store it). A single trigger is not
     * searched here: {@link #problem} found its fire time ahead, and Quartz searches again as it stores it.
     *
     * @throws UnschedulableException when none has a fire time ahead
     */
    Map<TriggerKey, CronTrigger> cronTriggers(Schedule schedule) {
        List<QuartzCron> expressions = crons.quartzTriggers(schedule);
        Instant now = clock.instant();
        Map<TriggerKey, CronTrigger> triggers = new LinkedHashMap<>();
        for (int i = 0; i < expressions.size(); i++) {
            TriggerKey key = QuartzKeys.cronTrigger(schedule.name(), i);
            CronTrigger trigger = cronTrigger(schedule, key, expressions.get(i), now);
            if (expressions.size() == 1 || ((OperableTrigger) trigger).computeFirstFireTime(null) != null) {
                triggers.put(key, trigger);
            }
        }
        if (triggers.isEmpty()) {
            throw new UnschedulableException("cron never fires again (Quartz finds no fire time ahead)");
        }
        return triggers;
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

    /**
     * The schedule's single cron trigger as Quartz would store it (expression, zone, priority,
     * misfire instruction), without building it; empty when it has several (DST companions),
     * whose set depends on the time.
     */
    Optional<StoredTrigger> singleCronTrigger(Schedule schedule) {
        List<QuartzCron> expressions = crons.quartzTriggers(schedule);
        if (expressions.size() != 1) {
            return Optional.empty();
        }
        int misfire = switch (schedule.misfirePolicy()) {
            case FIRE_ONCE -> CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
            case SKIP -> CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING;
        };
        return Optional.of(new StoredTrigger(QuartzKeys.cronTrigger(schedule.name(), 0),
                expressions.get(0).expression(), expressions.get(0).timeZoneId(), schedule.quartzPriority(), misfire));
    }

    /** Why Quartz refuses this expression, or "" when it takes it. */
    private static String quartzRefusal(String expression) {
        if (!lengthRefusal(expression).isEmpty()) {
            return lengthRefusal(expression);
        }
        try {
            CronExpression.validateExpression(expression);
            return "";
        } catch (ParseException e) {
            return "Quartz cannot parse its Quartz form '" + expression + "': " + e.getMessage();
        }
    }

    private static String lengthRefusal(String expression) {
        return expression.length() <= MAX_EXPRESSION_LENGTH ? "" : "too long for Quartz: its Quartz form '"
                + expression + "' has " + expression.length() + " characters, at most " + MAX_EXPRESSION_LENGTH;
    }

    /** A schedule Quartz cannot take, for a reason that is the schedule's own. */
    static final class UnschedulableException extends RuntimeException {
        UnschedulableException(String message) {
            super(message);
        }
    }
}
