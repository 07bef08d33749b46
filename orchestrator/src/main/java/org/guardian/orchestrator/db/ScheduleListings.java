package org.guardian.orchestrator.db;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;

/**
 * The reads behind schedule listings, made hundreds of times a second: handle queries, not SQL
 * objects. An on-demand SQL object builds a handler, with a copy of Jdbi's configuration, for
 * each of its methods on every call: a third of what a page of 100 allocated at 100,000 schedules.
 */
public final class ScheduleListings {
    /** Whether an attempt of the schedule {@code s} runs now (a unique partial index serves it). */
    public static final String RUNNING = "EXISTS (SELECT 1 FROM orchestrator.job_runs r"
            + " WHERE r.schedule_name = s.operation_name AND r.status = 'RUNNING')";

    /** What tells whether a row's rendering still holds: its version (xmin moves on every update), running, paused. */
    private static final String KEY = "s.operation_name, s.xmin::text AS row_version, " + RUNNING
            + " AS running, c.global_paused AS cluster_paused";
    private static final String FROM = " FROM orchestrator.maintenance_schedules s CROSS JOIN orchestrator.cluster_state c";
    private static final String PAGE = "SELECT " + KEY + FROM
            + " WHERE s.operation_name COLLATE \"C\" > :after"
            + " AND s.operation_name COLLATE \"C\" >= :from AND s.operation_name COLLATE \"C\" < :until"
            + " AND (<where>) ORDER BY s.operation_name COLLATE \"C\" LIMIT :limit";
    private static final String NAMED = "SELECT s.*, " + KEY + FROM + " WHERE s.operation_name = ANY(:names)";

    /**
     * The number of schedules and, up to {@code max}, a fingerprint that moves whenever anything a
     * listing shows may have changed: any row inserted, updated (every update gives the row a new
     * {@code xmin}) or deleted, the set of schedules with a RUNNING attempt, or the cluster-wide pause.
     */
    private static final String FINGERPRINT = "SELECT c.n AS count, CASE WHEN c.n > :max THEN NULL ELSE"
            + " md5(coalesce((SELECT string_agg(id::text || ':' || xmin::text, ',' ORDER BY id)"
            + " FROM orchestrator.maintenance_schedules), '')"
            + " || '|' || coalesce((SELECT string_agg(schedule_name, ',' ORDER BY schedule_name)"
            + " FROM orchestrator.job_runs WHERE status = 'RUNNING'), '')"
            + " || '|' || coalesce((SELECT global_paused::text FROM orchestrator.cluster_state), '')) END AS fingerprint"
            + " FROM (SELECT count(*) AS n FROM orchestrator.maintenance_schedules) c";

    private final Jdbi jdbi;
    private final RowMapper<ListingFingerprint> fingerprints = ConstructorMapper.of(ListingFingerprint.class);

    public ScheduleListings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The keys of up to {@code limit} schedules in bytewise name order (an index serves it), named
     * after {@code after}, from {@code from} to before {@code until}, for which {@code where} (SQL over
     * the row {@code s} and the cluster's state {@code c}, written by the caller, never by a client)
     * holds: columns {@code operation_name}, {@code row_version} (its {@code xmin}), {@code running}
     * (whether an attempt of it runs) and {@code cluster_paused}. Narrow: a full row costs PostgreSQL
     * and the driver twice as much, and a page's rows are mostly rendered already.
     */
    public <T> List<T> page(String after, String from, String until, String where, int limit, RowMapper<T> keys) {
        return jdbi.withHandle(handle -> handle.createQuery(PAGE).bind("after", after).bind("from", from)
                .bind("until", until).define("where", where).bind("limit", limit).map(keys).list());
    }

    /** The named schedules' rows {@code s.*} with the columns of a {@link #page} key, in no order. */
    public <T> List<T> named(List<String> names, RowMapper<T> rows) {
        return jdbi.withHandle(handle -> handle.createQuery(NAMED).bindArray("names", String.class, names)
                .map(rows).list());
    }

    /** The count and listing fingerprint, in one statement (one snapshot); above {@code max} the fingerprint is null. */
    public ListingFingerprint fingerprint(long max) {
        return jdbi.withHandle(handle -> handle.createQuery(FINGERPRINT).bind("max", max).map(fingerprints).one());
    }
}
