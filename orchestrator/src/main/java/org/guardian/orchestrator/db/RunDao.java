package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Run;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.Optional;

/** {@code job_runs}: one row per attempt. */
@RegisterRowMapper(RunMapper.class)
public interface RunDao extends SqlObject {
    /** Claims an attempt: its RUNNING row, unless that attempt or another of the schedule is claimed already. */
    String CLAIM = "INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind,"
            + " scheduled_fire_time, started_at, status, attempt, node_id, requested_by, incarnation)"
            + " VALUES (:schedule, :operation, :kind, :fireTime, :startedAt, 'RUNNING', :attempt, :node, :requestedBy,"
            + " :incarnation) ON CONFLICT DO NOTHING RETURNING id";

    /** Retention's batch ({@link #deleteExpired}): the expired runs read once, then a few index lookups each. */
    String DELETE_EXPIRED = "WITH expired AS MATERIALIZED (SELECT id, schedule_name FROM orchestrator.job_runs"
            + " WHERE id > :after AND id <= :last AND started_at < :cutoff AND status <> 'RUNNING')"
            + " DELETE FROM orchestrator.job_runs r USING expired e"
            + " LEFT JOIN orchestrator.maintenance_schedules s ON s.operation_name = e.schedule_name"
            + " WHERE r.id = e.id AND (s.operation_name IS NULL OR e.id < COALESCE((SELECT k.id FROM orchestrator.job_runs k"
            + " WHERE k.schedule_name = e.schedule_name AND k.status <> 'RUNNING' ORDER BY k.schedule_name, k.id DESC"
            + " OFFSET GREATEST(COALESCE(s.keep_runs, 0), 1) - 1 LIMIT 1), 0))";

    /**
     * Share-locks the writing node's incarnation row while it is not fenced: a write that includes
     * it either commits before a fence marks the row, or sees the mark and writes nothing.
     */
    String NOT_FENCED = "SELECT 1 FROM orchestrator.node_incarnations"
            + " WHERE incarnation = :incarnation AND fenced_at IS NULL FOR SHARE";

    /** The SQL of each filter of {@link #page}, by its parameter's name. */
    Map<String, String> PAGE_FILTERS = Map.of("status", "status = :status", "since", "started_at >= :since",
            "schedule", "schedule_name = :schedule", "before", "id < :before");

    /** SQL for the timestamp of a column of epoch milliseconds (arrays of instants are bound as bigint[]). */
    static String ms(String column) {
        return "TIMESTAMPTZ 'epoch' + " + column + " * INTERVAL '1 millisecond'";
    }


    /**
     * Claims an attempt of a fire time by inserting its RUNNING row. The unique index on
     * (schedule, scheduled fire time, attempt) makes a second claim of the same attempt a no-op,
     * and the one on RUNNING rows per schedule keeps two attempts of a schedule from overlapping.
     *
     * @return the new run's id, or empty when that attempt was already claimed or another attempt
     *         of the schedule is running
     */
    @SqlQuery(CLAIM)
    Optional<Long> claim(@Bind("schedule") String schedule, @Bind("operation") String operation,
                         @Bind("kind") String kind, @Bind("fireTime") Instant fireTime,
                         @Bind("startedAt") Instant startedAt, @Bind("attempt") int attempt,
                         @Bind("node") String node, @Bind("requestedBy") String requestedBy,
                         @Bind("incarnation") long incarnation);

    /**
     * Ends a RUNNING attempt of the writing incarnation, unless it is fenced (then nothing changes): a
     * run id a promoted standby handed again to another node's attempt is not this one's.
     */
    @SqlUpdate("WITH fence AS (" + NOT_FENCED + ")"
            + " UPDATE orchestrator.job_runs SET status = :status, finished_at = :finishedAt,"
            + " duration_ms = :durationMs, error = :error, result = CAST(:result AS jsonb)"
            + " WHERE id = :id AND status = 'RUNNING' AND incarnation = :incarnation AND EXISTS (SELECT 1 FROM fence)")
    int finish(@Bind("id") long id, @Bind("status") String status, @Bind("finishedAt") Instant finishedAt,
               @Bind("durationMs") long durationMs, @Bind("error") String error, @Bind("result") String result,
               @Bind("incarnation") long incarnation);

    /**
     * Recovery: marks a dead node's attempt INTERRUPTED and claims the next attempt of its fire
     * time in one transaction, so that no waiting fire of the schedule slips in between.
     *
     * @return the new run's id, or empty when the attempt was handled already or its incarnation is
     *         not fenced (its node is alive and may still run it)
     */
    @Transaction
    default Optional<Long> interruptAndClaim(long deadRunId, Instant at, String schedule, String operation,
                                             Instant fireTime, int attempt, String node, String requestedBy,
                                             long incarnation) {
        if (markInterrupted(deadRunId, at) == 0) {
            return Optional.empty();
        }
        return claim(schedule, operation, "RECOVERY", fireTime, at, attempt, node, requestedBy, incarnation);
    }

    /** Records a fire time that did not run (overlap or misfire), once per fire time and attempt. */
    @SqlUpdate("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
            + " started_at, finished_at, duration_ms, status, attempt, node_id, error, requested_by)"
            + " VALUES (:schedule, :operation, :kind, :fireTime, :at, :at, 0, 'SKIPPED', :attempt, :node, :reason,"
            + " :requestedBy) ON CONFLICT DO NOTHING")
    int recordSkipped(@Bind("schedule") String schedule, @Bind("operation") String operation,
                      @Bind("kind") String kind, @Bind("fireTime") Instant fireTime, @Bind("at") Instant at,
                      @Bind("attempt") int attempt, @Bind("node") String node, @Bind("reason") String reason,
                      @Bind("requestedBy") String requestedBy);

    /** The earliest later cron fire time of the schedule whose attempt started (not one recorded SKIPPED). */
    @SqlQuery("SELECT scheduled_fire_time FROM orchestrator.job_runs WHERE schedule_name = :schedule"
            + " AND trigger_kind = 'CRON' AND scheduled_fire_time > :fireTime AND status <> 'SKIPPED'"
            + " ORDER BY scheduled_fire_time LIMIT 1")
    Optional<Instant> laterCronRun(@Bind("schedule") String schedule, @Bind("fireTime") Instant fireTime);

    /** The attempt of the schedule running now, if any. */
    @SqlQuery("SELECT * FROM orchestrator.job_runs WHERE schedule_name = :schedule AND status = 'RUNNING'")
    Optional<Run> running(@Bind("schedule") String schedule);

    /** The latest attempt of a fire time (for recovery). */
    @SqlQuery("SELECT * FROM orchestrator.job_runs WHERE schedule_name = :schedule"
            + " AND scheduled_fire_time = :fireTime ORDER BY attempt DESC, id DESC LIMIT 1")
    Optional<Run> latestAttempt(@Bind("schedule") String schedule, @Bind("fireTime") Instant fireTime);

    @SqlUpdate("UPDATE orchestrator.job_runs SET status = 'INTERRUPTED', finished_at = :at,"
            + " duration_ms = (EXTRACT(EPOCH FROM (:at - started_at)) * 1000)::bigint,"
            + " error = 'node ' || node_id || ' died during the attempt'"
            + " WHERE id = :id AND status = 'RUNNING' AND (incarnation IS NULL OR incarnation IN"
            + " (SELECT incarnation FROM orchestrator.node_incarnations WHERE fenced_at IS NOT NULL))")
    int markInterrupted(@Bind("id") long id, @Bind("at") Instant at);

    /** Each named schedule's latest finished run (what dependency gating looks at). */
    @SqlQuery("SELECT DISTINCT ON (schedule_name) * FROM orchestrator.job_runs"
            + " WHERE schedule_name IN (<names>) AND status <> 'RUNNING'"
            + " ORDER BY schedule_name, id DESC")
    List<Run> latestFinishedRuns(@BindList("names") List<String> names);

    @SqlQuery("SELECT * FROM orchestrator.job_runs WHERE id = :id")
    Optional<Run> find(@Bind("id") long id);

    @SqlQuery("SELECT * FROM orchestrator.job_runs WHERE schedule_name = :schedule ORDER BY id DESC LIMIT :limit")
    List<Run> recent(@Bind("schedule") String schedule, @Bind("limit") int limit);

    @SqlQuery("SELECT DISTINCT schedule_name FROM orchestrator.job_runs WHERE status = 'RUNNING'")
    List<String> runningSchedules();

    /**
     * Newest first, filtered (a null filter matches every run); {@code before} is the cursor (only
     * ids below it). The SQL names only the filters given, so that each plan can use its index.
     */
    default List<Run> page(String status, Instant since, String schedule, Long before, int limit) {
        Map<String, Object> values = new HashMap<>();
        values.put("status", status);
        values.put("since", since);
        values.put("schedule", schedule);
        values.put("before", before);
        values.values().removeIf(Objects::isNull);
        String where = Stream.concat(Stream.of("true"), values.keySet().stream().sorted().map(PAGE_FILTERS::get))
                .collect(Collectors.joining(" AND "));
        return getHandle().createQuery("SELECT * FROM orchestrator.job_runs WHERE <where> ORDER BY id DESC LIMIT :limit")
                .define("where", where).bindMap(values).bind("limit", limit).map(new RunMapper()).list();
    }

    /**
     * Retention: the last id of the next {@code limit} runs by id after {@code after}, or empty when
     * none of them started before {@code cutoff} (ids follow start times, so older runs lie before).
     */
    @SqlQuery("SELECT max(id) FROM (SELECT id, started_at FROM orchestrator.job_runs WHERE id > :after"
            + " ORDER BY id LIMIT :limit) b HAVING bool_or(started_at < :cutoff)")
    Optional<Long> expiryWindow(@Bind("after") long after, @Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /**
     * Retention: deletes the finished runs with ids in ({@code after}, {@code last}] that started
     * before {@code cutoff}, but each existing schedule's {@code keep_runs} latest finished runs
     * (its latest at least); the runs of a deleted schedule all go. Each expired run costs a few
     * index lookups whatever the planner believes of the table (a cross join of the batch with
     * itself, chosen on stale statistics, took minutes a batch: HistoryRetentionIT).
     */
    @SqlUpdate(DELETE_EXPIRED)
    int deleteExpired(@Bind("after") long after, @Bind("last") long last, @Bind("cutoff") Instant cutoff);

    @SqlQuery("SELECT count(*) FROM orchestrator.job_runs WHERE status = 'RUNNING'")
    int runningCount();

    /** RUNNING attempts whose incarnation was fenced at least {@code settleSeconds} ago: stranded by a dead node. */
    @SqlQuery("SELECT r.* FROM orchestrator.job_runs r JOIN orchestrator.node_incarnations n"
            + " ON n.incarnation = r.incarnation WHERE r.status = 'RUNNING' AND n.fenced_at IS NOT NULL"
            + " AND n.fenced_at < clock_timestamp() - make_interval(secs => :settleSeconds)")
    List<Run> stranded(@Bind("settleSeconds") double settleSeconds);

    /** RUNNING attempts of this incarnation that started more than {@code minAgeSeconds} ago. */
    @SqlQuery("SELECT * FROM orchestrator.job_runs WHERE status = 'RUNNING' AND incarnation = :incarnation"
            + " AND started_at < clock_timestamp() - make_interval(secs => :minAgeSeconds)")
    List<Run> runningOf(@Bind("incarnation") long incarnation, @Bind("minAgeSeconds") double minAgeSeconds);

    /** Ends an attempt of this incarnation that it no longer runs, unless the incarnation is fenced. */
    @SqlUpdate("WITH fence AS (" + NOT_FENCED + ")"
            + " UPDATE orchestrator.job_runs SET status = 'INTERRUPTED', finished_at = clock_timestamp(),"
            + " duration_ms = (EXTRACT(EPOCH FROM (clock_timestamp() - started_at)) * 1000)::bigint, error = :reason"
            + " WHERE id = :id AND status = 'RUNNING' AND incarnation = :incarnation AND EXISTS (SELECT 1 FROM fence)")
    int abandon(@Bind("id") long id, @Bind("incarnation") long incarnation, @Bind("reason") String reason);
}
