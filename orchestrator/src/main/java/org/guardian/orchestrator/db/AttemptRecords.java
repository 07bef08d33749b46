package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * The three statements every execution runs (load its schedule, claim the attempt, record the
 * outcome), through Jdbi's fluent API. The same statements are on {@link ScheduleDao} and
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
            + " finished_at = :finishedAt, duration_ms = :durationMs, error = :error, result = CAST(:result AS jsonb)"
            + " WHERE id = :id AND status = 'RUNNING' RETURNING id)"
            + " UPDATE orchestrator.maintenance_schedules SET last_run = :startedAt, last_status = :status,"
            + " last_duration_minutes = :minutes, next_run = :nextRun,"
            + " consecutive_failures = CASE WHEN :status = 'SUCCESS' THEN 0"
            + "   WHEN :finalFailure THEN consecutive_failures + 1 ELSE consecutive_failures END"
            + " WHERE operation_name = :schedule AND EXISTS (SELECT 1 FROM finished) RETURNING consecutive_failures";

    private static final ScheduleMapper SCHEDULES = new ScheduleMapper();

    private final Jdbi jdbi;

    public AttemptRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
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

    /** Same as {@link RunDao#finishAndRecord}. */
    public Optional<Integer> finishAndRecord(long id, String schedule, String status, Instant startedAt,
                                             Instant finishedAt, long durationMs, int minutes, String error,
                                             String result, Instant nextRun, boolean finalFailure) {
        return jdbi.withHandle(h -> h.createQuery(FINISH_AND_RECORD).bind("id", id).bind("schedule", schedule)
                .bind("status", status).bind("startedAt", startedAt).bind("finishedAt", finishedAt)
                .bind("durationMs", durationMs).bind("minutes", minutes).bind("error", error).bind("result", result)
                .bind("nextRun", nextRun).bind("finalFailure", finalFailure).mapTo(Integer.class).findOne());
    }
}
