package org.guardian.orchestrator.scheduler.store;

import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.spi.OperableTrigger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

/**
 * Stores jobs that are all new, with their triggers, WAITING: Quartz's delegate writes the rows
 * ({@link QueuedInserts}), three batches in all instead of about eight statements per job (an
 * existence check for each job and trigger, two paused-group checks per trigger, the inserts).
 * It declines (false, nothing written) where Quartz's row-by-row path decides a trigger's state
 * or refuses a key: a paused group, a job that disallows concurrent execution, a key that exists.
 */
final class NewJobsInBatches {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ANALYZE = "ANALYZE orchestrator.qrtz_job_details, orchestrator.qrtz_triggers,"
            + " orchestrator.qrtz_cron_triggers";
    /** No statistics are refreshed before this many jobs were stored here. */
    private static final long FIRST_ANALYZE = 1_000;

    private long stored;
    private long analyzedAt;

    /**
     * Stores the jobs ({@link #store}); each time the jobs stored here double, it also refreshes
     * the tables' statistics in the same transaction. A first start fills them from empty, and
     * PostgreSQL planned each trigger's foreign-key check with the statistics of nearly empty
     * tables: an index all jobs share ({@code sched_name, job_group}) instead of the primary key,
     * every check reading every job stored so far (296 million index entries for 23,000 checks).
     */
    synchronized boolean storeAndAnalyze(Connection conn, StdJDBCDelegate delegate,
                                         Map<JobDetail, Set<? extends Trigger>> jobs) throws SQLException, IOException {
        if (!store(conn, delegate, jobs)) {
            return false;
        }
        stored += jobs.size();
        if (stored >= Math.max(FIRST_ANALYZE, 2 * analyzedAt)) {
            try (Statement statement = conn.createStatement()) {
                statement.execute(ANALYZE);
            }
            analyzedAt = stored;
        }
        return true;
    }

    private static boolean store(Connection conn, StdJDBCDelegate delegate, Map<JobDetail, Set<? extends Trigger>> jobs)
            throws SQLException, IOException {
        if (jobs.keySet().stream().anyMatch(JobDetail::isConcurrentExecutionDisallowed)
                || !delegate.selectPausedTriggerGroups(conn).isEmpty()) {
            return false;
        }
        Savepoint before = conn.setSavepoint();
        try (QueuedInserts inserts = new QueuedInserts(conn)) {
            for (Map.Entry<JobDetail, Set<? extends Trigger>> job : jobs.entrySet()) {
                delegate.insertJobDetail(inserts.connection(), job.getKey());
                for (Trigger trigger : job.getValue()) {
                    delegate.insertTrigger(inserts.connection(), (OperableTrigger) trigger, Constants.STATE_WAITING,
                            job.getKey());
                }
            }
            inserts.execute();
        } catch (SQLException e) {
            conn.rollback(before);
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
        conn.releaseSavepoint(before);
        return true;
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
