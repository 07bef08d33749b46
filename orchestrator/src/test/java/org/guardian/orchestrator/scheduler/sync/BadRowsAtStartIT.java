package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.guardian.orchestrator.testing.BadRows;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Nodes started with unreadable or unschedulable rows in the table start, block those rows and fire the rest. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BadRowsAtStartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeStartedWithBadRowsStartsAndFiresTheGoodOnes() throws Exception {
        schedule(db, "steady").cron("* * * * * ?").insert();
        BadRows.insertAll(db);

        OrchestratorNode node = cluster.start("first-start");

        await().atMost(WAIT).until(() -> runs(db, "steady").stream().filter(r -> r.node().equals(node.nodeId()))
                .count() >= 3);
        assertThat(BadRows.ALL).allSatisfy(row -> {
            assertThat(blockedReason(row.name())).as(row.name()).contains(row.reasonMentions());
            assertThat(runs(db, row.name())).as(row.name()).isEmpty();
        });
    }

    @Test
    void aSecondNodeJoiningATableWithBadRowsStarts() throws Exception {
        schedule(db, "steady").cron("* * * * * ?").insert();
        BadRows.insertAll(db);
        cluster.start("joined-a");

        cluster.start("joined-b");

        int before = runs(db, "steady").size();
        await().atMost(WAIT).until(() -> runs(db, "steady").size() >= before + 3);
        assertThat(cluster.nodes()).hasSize(2);
    }

    private String blockedReason(String schedule) {
        return scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules WHERE operation_name = '"
                + schedule + "'");
    }
}
