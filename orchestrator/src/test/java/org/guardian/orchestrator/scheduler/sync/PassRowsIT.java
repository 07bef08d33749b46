package org.guardian.orchestrator.scheduler.sync;

import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/**
 * The rows a pass reads: a full pass every row; a pass over part of the table the schedules its
 * scope names and those it may examine (read as BLOCKED, with a dependency problem, or whose
 * operation and config this node refuses), not the others; the graph's problems from the whole table.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class PassRowsIT {
    private final TestDatabase db = TestDatabase.get();
    private final ScheduleReconciler reconciler = new ScheduleReconciler(null, OperationRegistry.load(true),
            new TriggerPlan(new CronCache(), Clock.systemUTC()));
    private ScheduleDao dao;

    @BeforeEach
    void table() {
        db.resetOrchestrator();
        dao = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin())
                .onDemand(ScheduleDao.class);
        scalar(db, "WITH i AS (INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule,"
                + " operation_config) SELECT 'plain_' || i, 'noop', '0 0 3 * * ?', '{}' FROM generate_series(1, 50) i"
                + " RETURNING 1) SELECT count(*) FROM i");
        schedule(db, "edited").insert();
        schedule(db, "blocked").insert();
        scalar(db, "UPDATE orchestrator.maintenance_schedules SET blocked_reason = 'cron: never fires again'"
                + " WHERE operation_name = 'blocked' RETURNING 1");
        schedule(db, "orphan").dependsOn("missing").insert();
        schedule(db, "child").dependsOn("plain_1").insert();
        schedule(db, "unknown_op").operation("no_such_operation", "{}").insert();
        schedule(db, "bad_config").operation("noop", "{\"bogus\": 1}").insert();
        schedule(db, "null_config").operation("noop", "{\"n\": null}").insert();
    }

    @Test
    void aFullPassReadsEveryRow() {
        PassRows rows = PassRows.read(dao, PassScope.all(), reconciler, new GraphProblems(), new PassPhases());

        assertThat(rows.schedules()).hasSize(57);
        assertThat(rows.graphProblems()).isEqualTo(Map.of("orphan", "depends on unknown schedule missing"));
    }

    @Test
    void aPassOverPartOfTheTableReadsWhatItNamesAndWhatItMayExamine() {
        PassRows rows = PassRows.read(dao, PassScope.edited(Set.of("edited"), reconciler), reconciler,
                new GraphProblems(), new PassPhases());

        assertThat(rows.schedules()).extracting(Schedule::name)
                .containsExactly("bad_config", "blocked", "edited", "null_config", "orphan", "unknown_op");
        assertThat(rows.graphProblems()).as("from the whole table")
                .isEqualTo(Map.of("orphan", "depends on unknown schedule missing"));
        assertThat(PassRows.read(dao, PassScope.joining(reconciler), reconciler, new GraphProblems(),
                new PassPhases()).schedules()).extracting(Schedule::name)
                .containsExactly("bad_config", "blocked", "null_config", "orphan", "unknown_op");
        assertThat(PassRows.read(dao, PassScope.one("child"), reconciler, new GraphProblems(),
                new PassPhases()).schedules()).extracting(Schedule::name)
                .containsExactly("bad_config", "blocked", "child", "null_config", "orphan", "unknown_op");
    }

    @Test
    void theGraphIsWorkedOutAgainOnlyWhenANameOrADependencyChanged() {
        GraphProblems graph = new GraphProblems();
        Map<String, String> first = graph.of(dao);

        scalar(db, "UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'child' RETURNING 1");
        assertThat(graph.of(dao)).as("a cron edit leaves the graph as it was").isSameAs(first);

        scalar(db, "UPDATE orchestrator.maintenance_schedules SET depends_on = '{edited, child}'"
                + " WHERE operation_name = 'plain_1' RETURNING 1");
        assertThat(graph.of(dao)).containsOnlyKeys("orphan", "child", "plain_1");

        scalar(db, "WITH d AS (DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'plain_1'"
                + " RETURNING 1) SELECT count(*) FROM d");
        assertThat(graph.of(dao)).isEqualTo(Map.of("orphan", "depends on unknown schedule missing",
                "child", "depends on unknown schedule plain_1"));
    }
}
