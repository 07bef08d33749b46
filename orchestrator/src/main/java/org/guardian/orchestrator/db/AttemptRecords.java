package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * The three statements every execution runs (load its schedule, claim the attempt, record the
 * outcome), through Jdbi's fluent API. The first two are on {@link ScheduleDao} and
 * {@link RunDao} for everyone else; an on-demand SqlObject call rebuilds its method handlers and
 * mappers on each call (jdbi/jdbi#2617), which cost more CPU per execution than the statements
 * themselves (measured with JFR under the throughput benchmark).
 */
public final class AttemptRecords {
    static final String FIND_SCHEDULE = "SELECT * FROM orchestrator.maintenance_schedules WHERE operation_name = :name";

    static final String CLAIM = "INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind,"
            + " scheduled_fire_time, started_at, status, attempt, node_id, requested_by)"
            + " VALUES (:schedule, :operation, :kind, :fireTime, :startedAt, 'RUNNING', :attempt, :node, :requestedBy)"
            + " ON CONFLICT DO NOTHING RETURNING id";

    static final String FINISH_AND_RECORD = "WITH finished AS (UPDATE orchestrator.job_runs SET status = :status,"
            + " started_at = :startedAt, finished_at = :finishedAt, duration_ms = :durationMs, error = :error, result = CAST(:result AS jsonb)"
            + " WHERE id = :id AND status = 'RUNNING' RETURNING id),"
            + " fired AS (DELETE FROM orchestrator.qrtz_fired_triggers WHERE sched_name = :quartzScheduler"
            + "   AND entry_id = :firedRow AND EXISTS (SELECT 1 FROM finished))"
            + " UPDATE orchestrator.maintenance_schedules SET last_run = :startedAt, last_status = :status,"
            + " last_duration_minutes = :minutes, next_run = :nextRun,"
            + " consecutive_failures = CASE WHEN :status = 'SUCCESS' THEN 0"
            + "   WHEN :finalFailure THEN consecutive_failures + 1 ELSE consecutive_failures END"
            + " WHERE operation_name = :schedule AND EXISTS (SELECT 1 FROM finished) RETURNING consecutive_failures";

    private static final ScheduleMapper SCHEDULES = new ScheduleMapper();

    private final Jdbi jdbi;
    private final String quartzScheduler;

    /** @param quartzScheduler the Quartz scheduler name (the {@code sched_name} of the cluster's rows) */
    public AttemptRecords(Jdbi jdbi, String quartzScheduler) {
        this.jdbi = jdbi;
        this.quartzScheduler = quartzScheduler;
    }

    /** Same as {@link ScheduleDao#find}. */
    public Optional<Schedule> schedule(String name) {
        return jdbi.withHandle(h -> h.createQuery(FIND_SCHEDULE).bind("name", name).map(SCHEDULES).findOne());
    }

    /** Same as {@link RunDao#claim}. */
    public Optional<Long> claim(String schedule, String operation, String kind, Instant fireTime, Instant startedAt,
                                int attempt, String node, String requestedBy) {
        return jdbi.withHandle(h -> h.createQuery(CLAIM).bind("schedule", schedule).bind("operation", operation)
                .bind("kind", kind).bind("fireTime", fireTime).bind("startedAt", startedAt).bind("attempt", attempt)
                .bind("node", node).bind("requestedBy", requestedBy).mapTo(Long.class).findOne());
    }

    /**
     * Ends an attempt and keeps the schedule's seed status columns true, in one statement (the
     * run's start is the attempt's, later than its claim when the attempt was claimed with its
     * fire and waited for a worker): SUCCESS
     * resets the consecutive failure count, a final FAILED/TIMEOUT adds one, others leave it. Does
     * nothing when the attempt is no longer RUNNING (already recorded), so it can be repeated.
     *
     * @param firedRow the Quartz fired-trigger row ({@code entry_id}) to delete with it, or null.
     *                 Deleting it here, when nothing is left to do after the record, completes the
     *                 fire in the same commit: Quartz's own completion then finds nothing to delete
     *                 and writes nothing. An attempt that still has to store a retry or a
     *                 suppression passes null, so that recovery can finish that work if this node
     *                 dies first.
     * @return the consecutive failure count after the update, or empty when the schedule is gone
     *         or the attempt was already recorded
     */
    public Optional<Integer> finishAndRecord(long id, String schedule, String status, Instant startedAt,
                                             Instant finishedAt, long durationMs, int minutes, String error,
                                             String result, Instant nextRun, boolean finalFailure, String firedRow) {
        return jdbi.withHandle(h -> h.createQuery(FINISH_AND_RECORD).bind("id", id).bind("schedule", schedule)
                .bind("status", status).bind("startedAt", startedAt).bind("finishedAt", finishedAt)
                .bind("durationMs", durationMs).bind("minutes", minutes).bind("error", error).bind("result", result)
                .bind("nextRun", nextRun).bind("finalFailure", finalFailure)
                .bind("quartzScheduler", quartzScheduler).bind("firedRow", firedRow)
                .mapTo(Integer.class).findOne());
    }
}
