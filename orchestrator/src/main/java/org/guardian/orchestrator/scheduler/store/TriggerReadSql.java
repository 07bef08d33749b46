package org.guardian.orchestrator.scheduler.store;

/** The statement that reads triggers by key with everything Quartz builds a trigger from. */
final class TriggerReadSql {
    /**
     * One row by primary key per element of the unnested key arrays. {@code OFFSET 0} keeps each
     * subquery a per-key index lookup, which PostgreSQL would otherwise flatten into a join whose plan
     * depends on table statistics that these churning tables often lack.
     */
    private static final String BY_KEY = " WHERE SCHED_NAME = {1} AND TRIGGER_NAME = K.NAME AND TRIGGER_GROUP = K.GRP"
            + " OFFSET 0";

    /**
     * Triggers by key, with their trigger-type rows and their job's concurrency flag: Quartz's bulk
     * trigger columns ({@code SELECT_BULK_TRIGGERS_BASE}). Run after the statement that locked them,
     * so that it sees their latest committed rows (a locking join reads its other columns from its
     * snapshot, which another node's fire may have made stale).
     */
    static final String SELECT_TRIGGERS = "SELECT J.IS_NONCONCURRENT AS JOB_NONCONCURRENT,"
            + " J.JOB_NAME IS NOT NULL AS JOB_EXISTS, T.*, QCT.CRON_EXPRESSION, QCT.TIME_ZONE_ID,"
            + " QST.REPEAT_COUNT, QST.REPEAT_INTERVAL, QST.TIMES_TRIGGERED, QSP.STR_PROP_1, QSP.STR_PROP_2,"
            + " QSP.STR_PROP_3, QSP.INT_PROP_1, QSP.INT_PROP_2, QSP.LONG_PROP_1, QSP.LONG_PROP_2, QSP.DEC_PROP_1,"
            + " QSP.DEC_PROP_2, QSP.BOOL_PROP_1, QSP.BOOL_PROP_2"
            + " FROM unnest(?::varchar[], ?::varchar[]) AS K(NAME, GRP)"
            + " CROSS JOIN LATERAL (SELECT * FROM {0}TRIGGERS" + BY_KEY + ") T"
            + " LEFT JOIN LATERAL (SELECT * FROM {0}CRON_TRIGGERS" + BY_KEY + ") QCT ON TRUE"
            + " LEFT JOIN LATERAL (SELECT * FROM {0}SIMPLE_TRIGGERS" + BY_KEY + ") QST ON TRUE"
            + " LEFT JOIN LATERAL (SELECT * FROM {0}SIMPROP_TRIGGERS" + BY_KEY + ") QSP ON TRUE"
            + " LEFT JOIN LATERAL (SELECT JOB_NAME, IS_NONCONCURRENT FROM {0}JOB_DETAILS WHERE SCHED_NAME = {1}"
            + " AND JOB_NAME = T.JOB_NAME AND JOB_GROUP = T.JOB_GROUP OFFSET 0) J ON TRUE"
            + " ORDER BY T.NEXT_FIRE_TIME ASC, T.PRIORITY DESC";

    private TriggerReadSql() {
    }
}
