package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Which schedules a pass works on: why each {@code examined} one cannot fire is worked out, those
 * whose answer differs from their row's and every one {@code selected} are reconciled. A {@code full}
 * pass reads every row and is recorded as the cluster's last; others read those {@code named} and
 * those they may examine ({@link PassRows}). A {@code complete} pass also removes the jobs of deleted
 * schedules; one that {@code catchesUp} leaves Quartz matching the table, whose signature it records.
 */
record PassScope(Predicate<Schedule> selected, Predicate<Schedule> examined, Set<String> named, boolean complete,
                 boolean full, boolean catchesUp) {

    /** Every schedule: a full pass, recorded for the cluster. */
    static PassScope all() {
        return new PassScope(schedule -> true, schedule -> true, null, true, true, true);
    }

    /** One schedule, and any other whose blocked state its change alters (a dependency). */
    static PassScope one(String name) {
        return new PassScope(schedule -> schedule.name().equals(name), schedule -> true, Set.of(name), true, false,
                false);
    }

    /**
     * A node joining a cluster whose recent full pass saw the table as it is: only what this node's
     * own operations decide (registered, config valid) can differ, so only the schedules blocked
     * now or that this node would block are examined; no cron is parsed for the others.
     */
    static PassScope joining(ScheduleReconciler reconciler) {
        return new PassScope(schedule -> false, decidedHere(reconciler), Set.of(), false, false, false);
    }

    /**
     * After a recent full pass, the schedules edited or inserted since it read the table, and what
     * the joining scope examines: Quartz matched every other one then. Jobs of deleted ones go.
     */
    static PassScope edited(Set<String> names, ScheduleReconciler reconciler) {
        Predicate<Schedule> edited = schedule -> names.contains(schedule.name());
        return new PassScope(edited, edited.or(decidedHere(reconciler)), names, true, false, true);
    }

    private static Predicate<Schedule> decidedHere(ScheduleReconciler reconciler) {
        return schedule -> schedule.defect() != null || schedule.blockedReason() != null
                || reconciler.operationProblem(schedule) != null;
    }
}
