package org.guardian.orchestrator.db;

import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules edited since a full pass read the table: inserted, or their definition changed, in
 * a transaction its snapshot does not see, including one already under way when it was taken.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class EditedSinceIT {
    private final Jdbi jdbi = Jdbi.create(TestDatabase.get().freshlyMigratedDatabase("edited_since"))
            .installPlugin(new SqlObjectPlugin());
    private final ScheduleDao dao = jdbi.onDemand(ScheduleDao.class);

    @BeforeEach
    void twoSchedules() {
        jdbi.useHandle(h -> h.execute("DELETE FROM orchestrator.maintenance_schedules;"
                + " INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " VALUES ('kept', 'noop', '0 0 3 * * ?'), ('edited', 'noop', '0 0 3 * * ?')"));
    }

    @Test
    void rowsInsertedOrRedefinedAfterTheSnapshotAreEditedSinceIt() {
        String snapshot = dao.snapshot();
        assertThat(dao.editedSince(snapshot)).as("nothing yet").isEmpty();

        jdbi.useHandle(h -> h.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'edited';"
                + " INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " VALUES ('inserted', 'noop', '0 0 5 * * ?')"));

        assertThat(dao.editedSince(snapshot)).containsExactlyInAnyOrder("edited", "inserted");
        assertThat(dao.editedSince(dao.snapshot())).as("a later snapshot sees them").isEmpty();
    }

    @Test
    void aStatusWrittenByAnExecutionIsNoEdit() {
        String snapshot = dao.snapshot();

        jdbi.useHandle(h -> h.execute("UPDATE orchestrator.maintenance_schedules SET last_run = now(),"
                + " last_status = 'SUCCESS' WHERE operation_name = 'kept'"));

        assertThat(dao.editedSince(snapshot)).isEmpty();
    }

    @Test
    void anEditUnderWayWhenTheSnapshotWasTakenAndCommittedAfterIsEditedSinceIt() {
        try (Handle editor = jdbi.open()) {
            editor.begin();
            editor.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                    + " WHERE operation_name = 'edited'");
            String snapshot = dao.snapshot();
            editor.commit();

            assertThat(dao.editedSince(snapshot)).containsExactly("edited");
        }
    }
}
