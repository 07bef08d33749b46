package org.guardian.orchestrator.core;

/** What moves a schedule from one {@link ScheduleState} to another ({@link ScheduleTransitions}). */
public enum ScheduleEvent {
    /** An operator pauses it. */
    PAUSE("paused"),
    /** An operator resumes it. */
    RESUME("resumed"),
    /** An operator lifts its suppression and clears its failure count. */
    RESET("reset"),
    /** An operator (or an alert's auto-response) runs it now. */
    RUN_NOW("run now"),
    /** Its final failures in a row reached {@code max_consecutive_failures}. */
    SUPPRESS("suppressed"),
    /** The reconciler finds it cannot fire (its reason recorded), or a new reason why. */
    BLOCK("blocked"),
    /** The reconciler finds it can fire again. */
    UNBLOCK("unblocked"),
    /** An edit sets {@code enabled} back to true. */
    ENABLE("enabled"),
    /** An edit sets {@code enabled} to false. */
    DISABLE("disabled");

    private final String done;

    ScheduleEvent(String done) {
        this.done = done;
    }

    /** The event in words, as in "it cannot be ...". */
    public String done() {
        return done;
    }
}
