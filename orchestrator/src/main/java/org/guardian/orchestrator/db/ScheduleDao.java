package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Schedule;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;
import org.jdbi.v3.sqlobject.transaction.Transaction;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code maintenance_schedules}: the source of truth for what runs when. */
@RegisterRowMapper(ScheduleMapper.class)
public interface ScheduleDao {
    /** One schedule by name. */
    String FIND = "SELECT * FROM orchestrator.maintenance_schedules WHERE operation_name = :name";
    /**
     * The rows {@link ScheduleMapper} reads as BLOCKED ({@link Schedule#blocked()}): a recorded
     * reason, or a value it cannot use as written. CASE keeps each test off the rows it would fail on.
     */
    String BLOCKED = "(blocked_reason IS NOT NULL OR misfire_policy NOT IN ('FIRE_ONCE', 'SKIP')"
            + " OR CASE WHEN array_ndims(depends_on) > 1 THEN true ELSE array_position(depends_on, NULL) IS NOT NULL END"
            + " OR CASE WHEN jsonb_typeof(operation_config) != 'object' THEN true"
            + " ELSE jsonb_path_exists(operation_config, 'strict $.* ? (@ == null)') END)";
    /** Rows with {@link Schedule#suppressed()}. */
    String SUPPRESSED = "suppressed_at IS NOT NULL";

    @SqlQuery("SELECT * FROM orchestrator.maintenance_schedules ORDER BY operation_name")
    List<Schedule> findAll();

    /**
     * Every schedule's name and dependencies, in name order ({@link DependsOnMapper}), without the
     * rest of the row: the graph of 100,000 schedules from two columns (an empty array sent as NULL, read the same).
     */
    @SqlQuery("SELECT operation_name, CASE WHEN cardinality(depends_on) = 0 THEN NULL ELSE depends_on END AS depends_on"
            + " FROM orchestrator.maintenance_schedules ORDER BY operation_name")
    @UseRowMapper(DependsOnMapper.class)
    List<Map.Entry<String, List<String>>> dependencies();

    /** Each operation of the table with each config it is given, once (a few pairs for 100,000 schedules). */
    @SqlQuery("SELECT operation, operation_config::text AS config FROM orchestrator.maintenance_schedules GROUP BY 1, 2")
    @UseRowMapper(OperationUse.Mapper.class)
    List<OperationUse> operationUses();

    /**
     * The rows a pass over part of the table works on: those {@code names} (edited), those read as
     * BLOCKED, those {@code graphProblems} names, and those of the (operation, config) pairs
     * {@code operations} and {@code configs} give; in name order.
     */
    @SqlQuery("SELECT * FROM orchestrator.maintenance_schedules WHERE operation_name = ANY(:names) OR " + BLOCKED
            + " OR operation_name = ANY(:graphProblems) OR (operation, operation_config::text) IN"
            + " (SELECT * FROM unnest(CAST(:operations AS text[]), CAST(:configs AS text[]))) ORDER BY operation_name")
    List<Schedule> findForPass(@Bind("names") String[] names, @Bind("graphProblems") String[] graphProblems,
                               @Bind("operations") String[] operations, @Bind("configs") String[] configs);

    @SqlQuery("SELECT count(*) FROM orchestrator.maintenance_schedules")
    long count();

    /** Whether the whole cluster is paused. */
    @SqlQuery("SELECT global_paused FROM orchestrator.cluster_state")
    boolean globallyPaused();

    /** Each cron of the table with its time zone, once. */
    @SqlQuery("SELECT DISTINCT cron_schedule AS cron, time_zone FROM orchestrator.maintenance_schedules")
    @RegisterConstructorMapper(CronInZone.class)
    List<CronInZone> distinctCrons();

    /** A cron expression as a row holds it, and the zone it is read in. */
    record CronInZone(String cron, String timeZone) {
    }

    /**
     * The schedules in each state as {@link org.guardian.orchestrator.core.ScheduleState#of(Schedule, boolean,
     * boolean)} gives it, {@code running} being those with an attempt on this node: without reading the rows.
     */
    @SqlQuery("SELECT count(*) AS total, count(*) FILTER (WHERE b) AS blocked,"
            + " count(*) FILTER (WHERE NOT b AND is_enabled AND suppressed_at IS NOT NULL) AS suppressed,"
            + " count(*) FILTER (WHERE NOT b AND is_enabled AND suppressed_at IS NULL"
            + " AND NOT operation_name = ANY (CAST(:running AS text[])) AND (paused OR :clusterPaused)) AS paused"
            + " FROM (SELECT " + BLOCKED + " AS b, operation_name, is_enabled, suppressed_at, paused"
            + " FROM orchestrator.maintenance_schedules) s")
    @RegisterConstructorMapper(StateCounts.class)
    StateCounts stateCounts(@Bind("running") String[] running, @Bind("clusterPaused") boolean clusterPaused);

    @SqlQuery("SELECT count(*) FROM orchestrator.maintenance_schedules WHERE <where>")
    long countWhere(@Define("where") String where);

    /** The first {@code limit} schedules by name for which {@code where} (SQL of this interface, never a client's) holds. */
    @SqlQuery("SELECT * FROM orchestrator.maintenance_schedules WHERE <where> ORDER BY operation_name COLLATE \"C\""
            + " LIMIT :limit")
    List<Schedule> firstWhere(@Define("where") String where, @Bind("limit") int limit);

    /** How many schedules there are, how many {@code where} picks, and the first {@code limit} of those, in one snapshot. */
    @Transaction(TransactionIsolationLevel.REPEATABLE_READ)
    default ScheduleSample sample(String where, int limit) {
        long matching = countWhere(where);
        return new ScheduleSample(count(), matching, matching == 0 ? List.of() : firstWhere(where, limit));
    }

    /** Each distinct {@code notify} set on some schedule: how many have it and the first {@code limit} of them by name. */
    @SqlQuery("SELECT json, count(*) AS schedules,"
            + " array_agg(operation_name ORDER BY operation_name COLLATE \"C\") FILTER (WHERE n <= :limit) AS names"
            + " FROM (SELECT notify::text AS json, operation_name, row_number() OVER (PARTITION BY notify"
            + " ORDER BY operation_name COLLATE \"C\") AS n FROM orchestrator.maintenance_schedules"
            + " WHERE notify IS NOT NULL) s GROUP BY json")
    @RegisterConstructorMapper(NotifyValue.class)
    List<NotifyValue> notifyValues(@Bind("limit") int limit);

    /**
     * Changes whenever a schedule's name or dependencies change, or a row appears or goes away: the
     * graph's input. Order-free, as {@link #signature()}: no sort and no string of every row.
     */
    @SqlQuery("SELECT count(*) || ':' || coalesce(sum(hashtextextended(operation_name || ':'"
            + " || coalesce(depends_on::text, ''), 0)), 0) FROM orchestrator.maintenance_schedules")
    String dependencySignature();

    @SqlQuery(FIND)
    Optional<Schedule> find(@Bind("name") String name);

    /** A full pass holds the lock at most this share of the time: the next is due after this many times its length. */
    int FULL_PASS_SPACING = 50;
    /** The longest period between full passes, whatever their length. */
    int FULL_PASS_MAX_SECONDS = 900;
    /**
     * The cluster's period between full passes: {@code :seconds}, or {@link #FULL_PASS_SPACING} times
     * the last one's length when longer (at most {@link #FULL_PASS_MAX_SECONDS}).
     */
    String FULL_PASS_PERIOD = "make_interval(secs => greatest(:seconds, least(" + FULL_PASS_MAX_SECONDS
            + ", coalesce(full_pass_ms, 0) * " + FULL_PASS_SPACING + " / 1000.0)))";

    /**
     * Claims the cluster's periodic full reconciliation pass: true for the one caller that finds
     * the last one (by any node) older than the {@linkplain #FULL_PASS_PERIOD period}, false for
     * every other caller until then. One row update, so concurrent callers are serialized by its row lock.
     */
    @SqlQuery("UPDATE orchestrator.cluster_state SET last_full_reconcile = now()"
            + " WHERE last_full_reconcile IS NULL OR last_full_reconcile <= now() - " + FULL_PASS_PERIOD
            + " RETURNING true")
    Optional<Boolean> claimFullReconcile(@Bind("seconds") double seconds);

    /**
     * Records a full pass that made Quartz match the table as of {@code signature}, having read the
     * table under {@code snapshot} ({@link #snapshot()}) and held the lock {@code millis}.
     */
    @SqlUpdate("UPDATE orchestrator.cluster_state SET last_full_reconcile = now(), reconciled_signature = :signature,"
            + " reconciled_snapshot = :snapshot, full_pass_ms = :millis")
    void recordFullReconcile(@Bind("signature") String signature, @Bind("snapshot") String snapshot,
                             @Bind("millis") long millis);

    /** Records that Quartz matches the table as of {@code signature} again, since the last full pass. */
    @SqlUpdate("UPDATE orchestrator.cluster_state SET reconciled_signature = :signature")
    void recordCaughtUp(@Bind("signature") String signature);

    /** The snapshot a statement run now would read under (to tell later edits from those it sees). */
    @SqlQuery("SELECT pg_current_snapshot()::text")
    String snapshot();

    /** The snapshot of a full pass (by any node) within the {@linkplain #FULL_PASS_PERIOD period}, if one was recorded. */
    @SqlQuery("SELECT reconciled_snapshot FROM orchestrator.cluster_state WHERE reconciled_snapshot IS NOT NULL"
            + " AND last_full_reconcile > now() - " + FULL_PASS_PERIOD)
    Optional<String> recentFullPassSnapshot(@Bind("seconds") double seconds);

    /** Rows inserted or whose definition changed in transactions the snapshot {@code :snapshot} does not see. */
    String EDITED_SINCE = "NOT pg_visible_in_snapshot(edited_xid, CAST(:snapshot AS pg_snapshot))";

    /** The schedules inserted or whose definition changed in transactions the snapshot does not see. */
    @SqlQuery("SELECT operation_name FROM orchestrator.maintenance_schedules WHERE " + EDITED_SINCE)
    List<String> editedSince(@Bind("snapshot") String snapshot);

    /** The rows {@link #editedSince} names, at most {@code limit} of them. */
    @SqlQuery("SELECT * FROM orchestrator.maintenance_schedules WHERE " + EDITED_SINCE
            + " ORDER BY operation_name LIMIT :limit")
    List<Schedule> findEditedSince(@Bind("snapshot") String snapshot, @Bind("limit") int limit);

    /**
     * Whether a full pass (by any node) within the {@linkplain #FULL_PASS_PERIOD period} made Quartz
     * match the table as it is now (same signature).
     */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM orchestrator.cluster_state WHERE reconciled_signature = :signature"
            + " AND last_full_reconcile > now() - " + FULL_PASS_PERIOD + ")")
    boolean recentlyReconciled(@Bind("signature") String signature, @Bind("seconds") double seconds);

    /**
     * Changes whenever a definition changes (versions) or a row appears or goes away: the count and
     * the sum of a 64-bit hash of each name and version. Order-free, so no sort and no string of
     * every row: about a quarter of an md5 of them all (47 against 190 ms at 100,000 rows).
     */
    @SqlQuery("SELECT count(*) || ':' || coalesce(sum(hashtextextended(operation_name, version)), 0)"
            + " FROM orchestrator.maintenance_schedules")
    String signature();

    /** @return the writing transaction's id when this call changed the reason (it names the transition), else empty */
    @SqlQuery("UPDATE orchestrator.maintenance_schedules SET blocked_reason = :reason"
            + " WHERE operation_name = :name AND blocked_reason IS DISTINCT FROM :reason RETURNING txid_current()")
    Optional<Long> setBlockedReason(@Bind("name") String name, @Bind("reason") String reason);

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET next_run = :nextRun"
            + " WHERE operation_name = :name AND next_run IS DISTINCT FROM :nextRun")
    int setNextRun(@Bind("name") String name, @Bind("nextRun") Instant nextRun);

    /**
     * Many schedules' next runs (epoch ms, null for none) in one statement; rows already right stay
     * untouched, and rows another transaction holds are skipped, not waited for: an outcome being
     * recorded writes its schedule's next run itself, and waiting for its rows in another order
     * than its own deadlocked (seen at 2,000 outcomes a second).
     */
    @SqlUpdate("UPDATE orchestrator.maintenance_schedules s SET next_run = v.next FROM (SELECT name,"
            + " TIMESTAMPTZ 'epoch' + ms * INTERVAL '1 millisecond' AS next"
            + " FROM unnest(:names::text[], :nextRuns::bigint[]) AS u(name, ms)) v"
            + " WHERE s.operation_name = v.name AND s.next_run IS DISTINCT FROM v.next"
            + " AND s.operation_name IN (SELECT operation_name FROM orchestrator.maintenance_schedules"
            + " WHERE operation_name = ANY (:names::text[]) FOR UPDATE SKIP LOCKED)")
    int setNextRuns(@Bind("names") String[] names, @Bind("nextRuns") Long[] nextRuns);

    /**
     * Marks the schedule suppressed unless it already is, and writes the audit row, atomically.
     *
     * @return 1 when this call suppressed it, 0 when it already was
     */
    @SqlUpdate("WITH suppressed AS (UPDATE orchestrator.maintenance_schedules SET suppressed_at = :at"
            + " WHERE operation_name = :name AND suppressed_at IS NULL RETURNING operation_name)"
            + " INSERT INTO orchestrator.schedule_changes (schedule_name, action, changed_by, before, after)"
            + " SELECT operation_name, 'SUPPRESS', 'system', '{\"suppressedAt\": null}'::jsonb, CAST(:after AS jsonb)"
            + " FROM suppressed")
    int suppressAndAudit(@Bind("name") String name, @Bind("at") Instant at, @Bind("after") String afterJson);

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET suppressed_at = NULL, consecutive_failures = 0"
            + " WHERE operation_name = :name")
    int reset(@Bind("name") String name);

    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET paused = :paused WHERE operation_name = :name")
    int setPaused(@Bind("name") String name, @Bind("paused") boolean paused);

    /** Serializes definition changes cluster-wide until the transaction ends (namespace "GUAR" + 2), so cycle checks see every write. */
    @SqlQuery("SELECT pg_advisory_xact_lock(1196769620, 0)::text")
    String lockDefinitions();

    @SqlUpdate("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule, time_zone,"
            + " is_enabled, depends_on, max_duration_minutes, max_duration, max_retries, retry_backoff,"
            + " max_consecutive_failures, dependency_window, priority, misfire_policy, operation_config, notify, keep_runs)"
            + " VALUES (:c.name, :c.operation, :c.cron, :c.timeZone, :c.enabled, CAST(:c.dependsOn AS text[]),"
            + " :c.maxDurationMinutes, CAST(:c.maxDuration AS interval), :c.maxRetries, CAST(:c.retryBackoff AS interval),"
            + " :c.maxConsecutiveFailures, CAST(:c.dependencyWindow AS interval), :c.priority, :c.misfirePolicy,"
            + " CAST(:c.config AS jsonb), CAST(:c.notifyJson AS jsonb), :c.keepRuns)")
    void insert(@BindMethods("c") ScheduleColumns columns);

    /** Replaces the definition if it is still at {@code expected}; 0 when someone else changed it first. */
    @SqlUpdate("UPDATE orchestrator.maintenance_schedules SET operation = :c.operation, cron_schedule = :c.cron,"
            + " time_zone = :c.timeZone, is_enabled = :c.enabled, depends_on = CAST(:c.dependsOn AS text[]),"
            + " max_duration_minutes = :c.maxDurationMinutes, max_duration = CAST(:c.maxDuration AS interval),"
            + " max_retries = :c.maxRetries, retry_backoff = CAST(:c.retryBackoff AS interval),"
            + " max_consecutive_failures = :c.maxConsecutiveFailures,"
            + " dependency_window = CAST(:c.dependencyWindow AS interval), priority = :c.priority,"
            + " misfire_policy = :c.misfirePolicy, operation_config = CAST(:c.config AS jsonb), blocked_reason = NULL,"
            + " notify = CAST(:c.notifyJson AS jsonb), keep_runs = :c.keepRuns"
            + " WHERE operation_name = :c.name AND version = :expected")
    int update(@BindMethods("c") ScheduleColumns columns, @Bind("expected") long expectedVersion);

    @SqlUpdate("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = :name")
    int delete(@Bind("name") String name);
}
