package org.guardian.orchestrator.scheduler.sync;

/** Hears of the schedules a reconcile pass of this node blocked or unblocked (each change is seen by one node). */
public interface BlockListener {
    BlockListener NONE = new BlockListener() {
    };

    /** @param transition identifies this change (the writing transaction) */
    default void blocked(String schedule, String reason, long transition) {
    }

    default void unblocked(String schedule, long transition) {
    }
}
