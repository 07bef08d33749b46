package org.guardian.orchestrator.core;

/** What an operator sees of a schedule; {@link ScheduleTransitions} holds what moves it between these. */
public enum ScheduleState {
    /** Fires on its cron. */
    NORMAL,
    /** Paused by an operator (or the whole cluster is paused). */
    PAUSED,
    /** Paused after too many consecutive failures, until reset. */
    SUPPRESSED,
    /** Cannot fire: invalid cron, unknown operation, cycle or missing dependency; see the reason. */
    BLOCKED,
    /** An attempt is running now. */
    RUNNING,
    /** Disabled in the table (is_enabled = false). */
    DISABLED;

    /**
     * The state of the schedule's own row (no attempt counted as running, the cluster not paused):
     * the state its state machine, {@link ScheduleTransitions}, is consulted with.
     */
    public static ScheduleState of(Schedule schedule) {
        return of(schedule, false, false);
    }

    /** Precedence: a broken definition first, then operator decisions, then activity. */
    public static ScheduleState of(Schedule schedule, boolean running, boolean clusterPaused) {
        if (schedule.blocked()) {
            return BLOCKED;
        }
        if (!schedule.enabled()) {
            return DISABLED;
        }
        if (schedule.suppressed()) {
            return SUPPRESSED;
        }
        if (running) {
            return RUNNING;
        }
        if (schedule.paused() || clusterPaused) {
            return PAUSED;
        }
        return NORMAL;
    }
}
