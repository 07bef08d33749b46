package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.QuartzKeys;
import org.guardian.orchestrator.scheduler.store.QuartzScheduleSnapshot.StoredTrigger;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/**
 * What a reconciliation pass reads of Quartz: the jobs and triggers of the schedules it names and
 * no others (a pass over one edit among 100,000 schedules reads one), whether Quartz holds any
 * schedule of the table, and the jobs whose row is gone, found by the database.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QuartzScheduleSnapshotIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void readsTheNamedSchedulesOnly() throws Exception {
        insert("snap_a", "0 15 3 * * ?", true);
        insert("snap_b", "0 30 4 * * ?", true);
        insert("snap_off", "0 45 5 * * ?", false);
        cluster.start("snapshot-node", TestCluster::noPassesOfItsOwn);

        try (Connection connection = db.dataSource().getConnection()) {
            QuartzScheduleSnapshot quartz = QuartzScheduleSnapshot.read(connection, QuartzKeys.SCHEDULES,
                    List.of("snap_a", "snap_off", "snap_missing"));

            assertThat(quartz.triggersOf("snap_a")).extracting(StoredTrigger::key, StoredTrigger::cron, StoredTrigger::zone)
                    .containsExactly(tuple(QuartzKeys.cronTrigger("snap_a", 0), "0 15 3 * * ?", "UTC"));
            assertThat(quartz.hasJob("snap_off")).as("a disabled schedule keeps its job").isTrue();
            assertThat(quartz.triggersOf("snap_off")).as("but no trigger").isEmpty();
            assertThat(quartz.hasJob("snap_missing")).isFalse();
            assertThat(quartz.hasJob("snap_b")).as("held by Quartz, but not asked for").isFalse();
            assertThat(QuartzScheduleSnapshot.read(connection, QuartzKeys.SCHEDULES, null).hasJob("snap_b"))
                    .as("every schedule, when no name is given").isTrue();
        }
    }

    @Test
    void tellsWhichJobsLostTheirRow() throws Exception {
        insert("gone_b", "0 0 1 * * ?", true);
        insert("gone_a", "0 0 2 * * ?", false);
        insert("kept", "0 0 3 * * ?", true);
        cluster.start("snapshot-node", TestCluster::noPassesOfItsOwn);
        scalar(db, "WITH d AS (DELETE FROM orchestrator.maintenance_schedules WHERE operation_name LIKE 'gone_%'"
                + " RETURNING 1) SELECT count(*) FROM d");

        try (Connection connection = db.dataSource().getConnection()) {
            assertThat(QuartzScheduleSnapshot.withoutRow(connection, QuartzKeys.SCHEDULES))
                    .as("jobs whose schedule was deleted, in name order").containsExactly("gone_a", "gone_b");
        }
    }

    private void insert(String name, String cron, boolean enabled) {
        scalar(db, "WITH i AS (INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule,"
                + " operation_config, is_enabled) VALUES ('" + name + "', 'noop', '" + cron + "', '{}', " + enabled
                + ") RETURNING 1) SELECT count(*) FROM i");
    }
}
