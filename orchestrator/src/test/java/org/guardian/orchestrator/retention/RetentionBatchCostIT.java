package org.guardian.orchestrator.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one retention batch costs the database: a few index lookups per expired run, also when the
 * planner believes no run is that old. That is the steady state of a table retention trims: its
 * statistics see runs from about the cutoff on, and every batch is made of the runs just past it.
 * Counted in buffers by EXPLAIN ANALYZE.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RetentionBatchCostIT {
    private static final int SCHEDULES = 1_000;
    private static final Instant CUTOFF = Instant.parse("2026-06-01T00:00:00Z");
    private static final String RECENT = "TIMESTAMPTZ '2026-06-01 00:01:00+00'";
    private static final String EXPIRED = "TIMESTAMPTZ '2026-05-31 23:59:00+00'";

    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void empty() {
        StoredSchedules.reset();
    }

    @Test
    void aBatchReadsAFewBuffersPerExpiredRunWhenTheStatisticsAreStale() throws Exception {
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 's' || i, 'noop', '0 0 1 1 *' FROM generate_series(1, " + SCHEDULES + ") i");
        runsOfEachSchedule(RECENT);
        db.execute("ANALYZE orchestrator.job_runs"); // sees no run started before the cutoff
        long after = Long.parseLong(StoredSchedules.query("SELECT max(id) FROM orchestrator.job_runs"));
        runsOfEachSchedule(EXPIRED);
        runsOfEachSchedule(EXPIRED);
        long last = Long.parseLong(StoredSchedules.query("SELECT max(id) FROM orchestrator.job_runs"));

        JsonNode plan = explain(after, last);

        long buffers = plan.get("Shared Hit Blocks").asLong() + plan.get("Shared Read Blocks").asLong();
        assertThat(buffers).as("buffers read for %d expired runs:%n%s", 2 * SCHEDULES, plan.toPrettyString())
                .isLessThan(40L * 2 * SCHEDULES);
    }

    /** One finished run of every schedule, started at {@code startedAt}. */
    private void runsOfEachSchedule(String startedAt) {
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, finished_at, status, node_id) SELECT 's' || i, 'noop', 'MANUAL', " + startedAt + ", "
                + startedAt + ", " + startedAt + ", 'SUCCESS', 'n1' FROM generate_series(1, " + SCHEDULES + ") i");
    }

    /** The batch's plan with its counts, the batch itself rolled back. */
    private JsonNode explain(long after, long last) throws Exception {
        String sql = RunDao.class.getMethod("deleteExpired", long.class, long.class, Instant.class)
                .getAnnotation(SqlUpdate.class).value();
        String json = Jdbi.create(db.dataSource()).inTransaction(handle -> {
            String plan = handle.createQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql).bind("after", after)
                    .bind("last", last).bind("cutoff", CUTOFF).mapTo(String.class).one();
            handle.rollback();
            return plan;
        });
        return new ObjectMapper().readTree(json).get(0).get("Plan");
    }
}
