package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.db.ScheduleDao;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
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

/** Suppression asks the schedule's state machine with the row as it is when the failures reach the limit. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailureSuppressorIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private final ScheduleDao schedules = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin()).onDemand(ScheduleDao.class);
    private FailureSuppressor suppressor;
    private Schedule alpha;

    @BeforeEach
    void oneSchedule() throws Exception {
        StoredSchedules.insert("alpha");
        OrchestratorNode node = cluster.start("node-a");
        suppressor = new FailureSuppressor(schedules, node.synchronizer(), Clock.systemUTC(),
                ExecutionListener.NONE);
        alpha = schedules.find("alpha").orElseThrow();
    }

    @Test
    void failuresUpToTheLimitSuppressTheScheduleAndAuditIt() throws Exception {
        assertThat(StoredSchedules.quartzSnapshot()).contains("schedules/alpha#cron");

        assertThat(suppressor.afterFinalFailure(alpha, alpha.maxConsecutiveFailures())).isTrue();

        assertThat(schedules.find("alpha").orElseThrow().suppressed()).isTrue();
        assertThat(StoredSchedules.changeCount("alpha")).isEqualTo(1);
        assertThat(StoredSchedules.quartzSnapshot()).doesNotContain("schedules/alpha");
    }

    @Test
    void aScheduleSuppressedSinceTheAttemptStartedIsNotSuppressedAgain() throws Exception {
        db.execute("UPDATE orchestrator.maintenance_schedules SET suppressed_at = now() WHERE operation_name = 'alpha'");

        assertThat(suppressor.afterFinalFailure(alpha, alpha.maxConsecutiveFailures())).isFalse();

        assertThat(StoredSchedules.changeCount("alpha")).isZero();
    }

    @Test
    void fewerFailuresThanTheLimitLeaveItAlone() throws Exception {
        assertThat(suppressor.afterFinalFailure(alpha, alpha.maxConsecutiveFailures() - 1)).isFalse();

        assertThat(schedules.find("alpha").orElseThrow().suppressed()).isFalse();
    }
}
