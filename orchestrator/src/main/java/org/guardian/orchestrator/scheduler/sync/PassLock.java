package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.db.AdvisoryLocks;
import org.jdbi.v3.core.Handle;

/** The cluster's reconciliation lock: one pass, or one in-step write, at a time across the nodes. */
final class PassLock {
    private PassLock() {
    }

    /** Waits for the lock and holds it on the handle's session until {@link #release}. */
    static void hold(Handle handle) {
        handle.createQuery("SELECT pg_advisory_lock(:cls, :key)::text").bind("cls", AdvisoryLocks.CLUSTER_TASKS)
                .bind("key", AdvisoryLocks.RECONCILIATION).mapTo(String.class).one();
    }

    static void release(Handle handle) {
        handle.createQuery("SELECT pg_advisory_unlock(:cls, :key)").bind("cls", AdvisoryLocks.CLUSTER_TASKS)
                .bind("key", AdvisoryLocks.RECONCILIATION).mapTo(Boolean.class).one();
    }

    /** Waits for the lock and holds it to the end of the handle's transaction. */
    static void holdForTransaction(Handle handle) {
        handle.createQuery("SELECT pg_advisory_xact_lock(:cls, :key)::text").bind("cls", AdvisoryLocks.CLUSTER_TASKS)
                .bind("key", AdvisoryLocks.RECONCILIATION).mapTo(String.class).one();
    }
}
