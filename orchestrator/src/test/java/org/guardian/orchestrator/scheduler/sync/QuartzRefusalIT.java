package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.cron.CronCache;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.testing.StoredSchedules;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.RefusingScheduler.refusing;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** A schedule Quartz refuses while reconciling is BLOCKED with the reason, and the pass goes on with the others. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QuartzRefusalIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private final Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());

    @Test
    void aScheduleQuartzRefusesIsBlockedAndTheOthersAreReconciled() throws Exception {
        OrchestratorNode node = cluster.start("refusal-node", TestCluster::noPassesOfItsOwn);
        schedule(db, "doomed").cron("0 0 3 * * ?").insert();
        schedule(db, "steady").cron("0 0 4 * * ?").insert();
        ScheduleSynchronizer synchronizer = new ScheduleSynchronizer(jdbi, refusing(node.scheduler(), "doomed"),
                OperationRegistry.load(true), new CronCache(), Clock.systemUTC(), 3600);

        synchronizer.synchronizeAll();

        assertThat(blockedReason("doomed")).isEqualTo("Quartz refused it: refused for the test");
        assertThat(StoredSchedules.quartzJobExists("doomed")).isFalse();
        assertThat(blockedReason("steady")).isNull();
        assertThat(StoredSchedules.quartzSnapshot()).contains("schedules/steady#cron0=0 0 4 * * ?");
    }

    private String blockedReason(String schedule) {
        return scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules WHERE operation_name = '"
                + schedule + "'");
    }
}
