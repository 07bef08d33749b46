package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.RefusedException;
import org.guardian.orchestrator.core.SchedulingUnavailableException;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.guardian.orchestrator.testing.RefusingScheduler.refusing;

/**
 * The operator's actions ask the schedule's state machine before they write, and a failure of
 * Quartz reaches their callers as the project's own exception.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScheduleServiceIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private final Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    private OrchestratorNode node;

    @BeforeEach
    void aNormalAndABlockedSchedule() throws Exception {
        StoredSchedules.insert("alpha");
        StoredSchedules.insert("orphan", "ghost");
        node = cluster.start("node-a");
    }

    @Test
    void aBlockedScheduleIsRefusedARunNowAndNothingChanges() {
        String table = StoredSchedules.snapshot();
        String quartz = StoredSchedules.quartzSnapshot();

        assertThatThrownBy(() -> node.service().trigger("orphan", "tester", false))
                .isInstanceOfSatisfying(RefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RefusedException.Kind.CONFLICT))
                .hasMessageStartingWith("schedule orphan is BLOCKED: ").hasMessageContaining("ghost")
                .hasMessageEndingWith("it cannot be run now");

        assertThat(StoredSchedules.snapshot()).isEqualTo(table);
        assertThat(StoredSchedules.quartzSnapshot()).isEqualTo(quartz);
    }

    @Test
    void resetOfAScheduleThatIsNotSuppressedIsAcceptedAndAudited() {
        node.service().reset("alpha", "tester");

        assertThat(StoredSchedules.changeCount("alpha")).isEqualTo(1);
    }

    @Test
    void pauseOfAPausedScheduleIsAcceptedAndKeepsItPaused() {
        node.service().pause("alpha", "tester");
        node.service().pause("alpha", "tester");

        assertThat(StoredSchedules.query("SELECT paused FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'alpha'")).isEqualTo("t");
    }

    @Test
    void aQuartzFailureIsTheProjectsOwnExceptionAndRecordsNothing() {
        ScheduleService service = new ScheduleService(jdbi, refusing(node.scheduler(), "alpha"), node.synchronizer(),
                Clock.systemUTC());

        assertThatThrownBy(() -> service.trigger("alpha", "tester", false))
                .isInstanceOf(SchedulingUnavailableException.class)
                .hasMessage("schedule alpha was not run (the scheduler failed: refused for the test)");

        assertThat(StoredSchedules.changeCount("alpha")).isZero();
    }
}
