package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Which schedules a pass works on. It works out why each {@code examined} schedule cannot fire and
 * reconciles those whose answer differs from their row's, plus every one {@code selected}; the
 * others are taken to be as their row says. A {@code complete} pass also removes from Quartz the
 * jobs of schedules gone from the table; a {@code full} one is recorded as the cluster's last, and
 * one that {@code catchesUp} leaves Quartz matching the whole table, whose signature it records.
 */
record PassScope(Predicate<Schedule> selected, Predicate<Schedule> examined, boolean complete, boolean full,
                 boolean catchesUp) {

    /** Every schedule: a full pass, recorded for the cluster. */
    static PassScope all() {
        return new PassScope(schedule -> true, schedule -> true, true, true, true);
    }

    /** One schedule, and any other whose blocked state its change alters (a dependency). */
    static PassScope one(String name) {
        return new PassScope(schedule -> schedule.name().equals(name), schedule -> true, true, false, false);
    }

    /**
     * A node joining a cluster whose recent full pass saw the table as it is: only what this node's
     * own operations decide (registered, config valid) can differ, so only the schedules blocked
     * now or that this node would block are examined; no cron is parsed for the others.
     */
    static PassScope joining(ScheduleReconciler reconciler) {
        return new PassScope(schedule -> false, decidedHere(reconciler), false, false, false);
    }

    /**
     * After a recent full pass, the schedules edited or inserted since it read the table, and what
     * the joining scope examines: Quartz matched every other one then. Jobs of deleted ones go.
     */
    static PassScope edited(Set<String> names, ScheduleReconciler reconciler) {
        Predicate<Schedule> edited = schedule -> names.contains(schedule.name());
        return new PassScope(edited, edited.or(decidedHere(reconciler)), true, false, true);
    }

    private static Predicate<Schedule> decidedHere(ScheduleReconciler reconciler) {
        return schedule -> schedule.defect() != null || schedule.blockedReason() != null
                || reconciler.operationProblem(schedule) != null;
    }
}
