package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.RunTransitions;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.db.ScheduleMapper;
import org.guardian.orchestrator.scheduler.store.CompletedFires;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three statements every execution runs (load its schedule, claim the attempt, record the
 * outcome), through Jdbi's fluent API: an on-demand SqlObject rebuilds its handlers on each call,
 * which costs more than the statements (jdbi/jdbi#2617; figures in ops/bench/NOTES.md).
 */
public final class AttemptRecords {



    /**
     * Ends a batch of attempts (one row per attempt, at most one per schedule) with one statement:
     * arrays in, one row out per attempt recorded.
     */
    static final String FINISH_AND_RECORD = "WITH I AS (SELECT * FROM unnest(:ids::bigint[], :schedules::text[],"
            + " :statuses::text[], :starts::bigint[], :ends::bigint[], :durations::bigint[], :minutes::int[],"
            + " :errors::text[], :results::text[], :nextRuns::bigint[], :counted::bool[], :firedRows::text[],"
            + " :fireTimes::bigint[])"
            + " AS I(ID, SCHEDULE, STATUS, STARTED_MS, FINISHED_MS, DURATION_MS, MINUTES, ERROR, RESULT, NEXT_RUN_MS,"
            + " COUNTED, FIRED_ROW, FIRE_MS)), fence AS (" + RunDao.NOT_FENCED + "),"
            + " finished AS (UPDATE orchestrator.job_runs R SET status = I.STATUS, started_at = " + RunDao.ms("I.STARTED_MS") + ","
            + " finished_at = " + RunDao.ms("I.FINISHED_MS") + ", duration_ms = I.DURATION_MS, error = I.ERROR,"
            + " result = CAST(I.RESULT AS jsonb)"
            + " FROM I WHERE R.id = I.ID AND R.status = 'RUNNING' AND R.schedule_name = I.SCHEDULE"
            + " AND R.scheduled_fire_time = " + RunDao.ms("I.FIRE_MS") + " AND R.incarnation = :incarnation"
            + " AND EXISTS (SELECT 1 FROM fence) RETURNING I.*),"
            + " fired AS (" + CompletedFires.deleteRowsClause("I", "I.FIRED_ROW", "EXISTS (SELECT 1 FROM fence)") + ")"
            + " UPDATE orchestrator.maintenance_schedules S SET last_run = " + RunDao.ms("D.STARTED_MS") + ","
            + " last_status = D.STATUS, last_duration_minutes = D.MINUTES, next_run = " + RunDao.ms("D.NEXT_RUN_MS") + ","
            + " consecutive_failures = CASE WHEN D.STATUS = 'SUCCESS' THEN 0"
            + "   WHEN D.COUNTED THEN S.consecutive_failures + 1 ELSE S.consecutive_failures END"
            + " FROM finished D WHERE S.operation_name = D.SCHEDULE RETURNING D.ID, S.consecutive_failures";

    /**
     * The end of an attempt, as {@link #finishAndRecord} stores it. The run id is checked against the
     * attempt's schedule, fire time and incarnation: after a promotion that lost the run's row, the
     * new primary may hand the same id to another attempt, which this outcome must not end.
     *
     * @param counted  a final failure that counts towards the schedule's suppression
     * @param firedRow the Quartz fired-trigger row ({@code entry_id}) to delete in the same commit, which
     *                 completes the fire (Quartz's completion then writes nothing), even on a repeated
     *                 write; null for an attempt that still has to store a retry or a suppression, so
     *                 that recovery can finish that work if this node dies first
     */
    public record Finish(long runId, String schedule, Instant fireTime, String status, Instant startedAt, Instant finishedAt,
                         long durationMs, int minutes, String error, String result, Instant nextRun,
                         boolean counted, String firedRow) {
        public Finish {
            RunTransitions.end(RunStatus.valueOf(status));
        }
    }

    private static final ScheduleMapper SCHEDULES = new ScheduleMapper();

    private final Jdbi jdbi;
    private final String quartzScheduler;
    private final long incarnation;

    /**
     * @param quartzScheduler the Quartz scheduler name (the {@code sched_name} of the cluster's rows)
     * @param incarnation     this node's incarnation: outcomes are recorded only while it is not fenced
     */
    public AttemptRecords(Jdbi jdbi, String quartzScheduler, long incarnation) {
        this.jdbi = jdbi;
        this.quartzScheduler = quartzScheduler;
        this.incarnation = incarnation;
    }

    /** Same as {@link ScheduleDao#find}. */
    public Optional<Schedule> schedule(String name) {
        return jdbi.withHandle(h -> h.createQuery(ScheduleDao.FIND).bind("name", name).map(SCHEDULES).findOne());
    }

    /** Same as {@link RunDao#claim}, for this node's incarnation. */
    public Optional<Long> claim(String schedule, String operation, String kind, Instant fireTime, Instant startedAt,
                                int attempt, String node, String requestedBy) {
        return jdbi.withHandle(h -> h.createQuery(RunDao.CLAIM).bind("schedule", schedule).bind("operation", operation)
                .bind("kind", kind).bind("fireTime", fireTime).bind("startedAt", startedAt).bind("attempt", attempt)
                .bind("node", node).bind("requestedBy", requestedBy).bind("incarnation", incarnation)
                .mapTo(Long.class).findOne());
    }

    /**
     * Ends attempts and updates their schedules' status columns, in one statement and one commit: SUCCESS
     * resets the consecutive failure count, a counted final FAILED/TIMEOUT adds one. An attempt no
     * longer RUNNING is left alone, so a batch can be repeated; nothing is recorded once this node is
     * fenced (the statement share-locks its incarnation's row, so it commits before the fence or
     * writes nothing).
     *
     * @param finishes at most one per schedule (a second outcome of one schedule would be applied once)
     * @return per run id recorded, the schedule's consecutive failure count after the update; an
     *         attempt absent from it was already recorded, or its schedule is gone
     */
    public Map<Long, Integer> finishAndRecord(List<Finish> finishes) {
        if (finishes.isEmpty()) {
            return Map.of();
        }
        Map<Long, Integer> failures = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(FINISH_AND_RECORD)
                .bindArray("ids", Long.class, finishes.stream().map(Finish::runId).toList())
                .bindArray("schedules", String.class, finishes.stream().map(Finish::schedule).toList())
                .bindArray("statuses", String.class, finishes.stream().map(Finish::status).toList())
                .bindArray("starts", Long.class, finishes.stream().map(f -> f.startedAt().toEpochMilli()).toList())
                .bindArray("ends", Long.class, finishes.stream().map(f -> f.finishedAt().toEpochMilli()).toList())
                .bindArray("durations", Long.class, finishes.stream().map(Finish::durationMs).toList())
                .bindArray("minutes", Integer.class, finishes.stream().map(Finish::minutes).toList())
                .bindArray("errors", String.class, finishes.stream().map(Finish::error).toList())
                .bindArray("results", String.class, finishes.stream().map(Finish::result).toList())
                .bindArray("nextRuns", Long.class, finishes.stream()
                        .map(f -> f.nextRun() == null ? null : f.nextRun().toEpochMilli()).toList())
                .bindArray("counted", Boolean.class, finishes.stream().map(Finish::counted).toList())
                .bindArray("firedRows", String.class, finishes.stream().map(Finish::firedRow).toList())
                .bindArray("fireTimes", Long.class, finishes.stream().map(f -> f.fireTime().toEpochMilli()).toList())
                .bind("quartzScheduler", quartzScheduler)
                .bind("incarnation", incarnation)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getInt(2)))
                .forEach(e -> failures.put(e.getKey(), e.getValue())));
        return failures;
    }
}
