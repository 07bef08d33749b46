package org.guardian.orchestrator.db;

/**
 * The PostgreSQL advisory locks the orchestrator takes, in one namespace ("GUAR") so that they
 * cannot collide with anyone else's: {@code (CLASS, incarnation)} for a node's liveness,
 * {@code (CLUSTER_TASKS, key)} for work one node of the cluster does at a time.
 */
public final class AdvisoryLocks {
    /** First key of a node's liveness lock; the second is its incarnation. */
    public static final int LIVENESS = 0x47554152;
    /** First key of the locks of cluster-wide tasks; the second names the task. */
    public static final int CLUSTER_TASKS = LIVENESS + 1;
    /** First key of the lock that serializes the registrations of one node id. */
    public static final int REGISTRATION = LIVENESS + 2;
    /** First key of the transaction locks that serialize raises of one notification scope, event and channel. */
    public static final int NOTIFICATIONS = LIVENESS + 3;

    /** Second keys under {@link #CLUSTER_TASKS}. */
    public static final int RECONCILIATION = 1;
    public static final int STUCK_ATTEMPT_SWEEP = 3;
    public static final int HISTORY_SPLIT = 4;
    public static final int RETENTION = 5;

    /**
     * SQL: whether the node incarnation of the row in hand ({@code incarnation}, a column of
     * {@code node_incarnations}) holds its liveness lock.
     */
    public static final String LIVENESS_HELD = "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory'"
            + " AND l.granted AND l.objsubid = 2 AND l.classid::int = " + LIVENESS + " AND l.objid::bigint = incarnation)";

    private AdvisoryLocks() {
    }
}
