package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** No attempt stays RUNNING when nobody runs it: the sweeper ends it INTERRUPTED and its schedule runs it again. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AttemptSweeperIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    private void running(String schedule, long incarnation, String node, String startedAgo) {
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, status, attempt, node_id, incarnation) VALUES ('" + schedule + "', 'noop', 'CRON',"
                + " TIMESTAMPTZ '2026-11-27 03:00:00+00', now() - INTERVAL '" + startedAgo + "', 'RUNNING', 1, '"
                + node + "', " + incarnation + ")");
    }

    private boolean recoveredOnce(String schedule) {
        List<RunRow> runs = runs(db, schedule);
        return runs.size() == 2 && runs.get(0).status().equals("INTERRUPTED")
                && runs.get(1).kind().equals("RECOVERY") && runs.get(1).status().equals("SUCCESS");
    }

    @Test
    void anAttemptStrandedByAFencedNodeIsRecovered() throws Exception {
        schedule(db, "stranded").cron(QuietCron.daily()).operation("noop", "{}").insert();
        long gone = db.registerIncarnation("gone-node");
        db.execute("UPDATE orchestrator.node_incarnations SET fenced_at = now() - INTERVAL '1 minute'"
                + " WHERE incarnation = " + gone);
        running("stranded", gone, "gone-node", "2 minutes");
        cluster.start("sweeping-node");

        await().atMost(Duration.ofSeconds(30)).until(() -> recoveredOnce("stranded"));
        assertThat(runs(db, "stranded").get(1).attempt()).isEqualTo(2);
    }

    @Test
    void anOwnAttemptNoLongerHeldIsInterruptedAndRunAgainWithinSecondsWhateverItsMaximumDuration() throws Exception {
        // an outcome lost with its commit (a promoted standby without it): RUNNING, and the node does not hold it
        schedule(db, "forgotten").cron(QuietCron.daily()).operation("noop", "{}").maxDuration("1 hour").insert();
        var node = cluster.start("forgetful-node");
        running("forgotten", node.liveness().identity().incarnation(), "forgetful-node", "30 seconds");

        await().atMost(Duration.ofSeconds(20)).until(() -> recoveredOnce("forgotten"));
        assertThat(runs(db, "forgotten").get(0).error()).contains("no longer held");
    }

    @Test
    void attemptsStillRunningAreLeftAlone() throws Exception {
        schedule(db, "busy").cron("* * * * * ?").operation("sleep", "{\"seconds\": 25}").maxDuration("1 hour").insert();
        schedule(db, "elsewhere").cron(QuietCron.daily()).operation("noop", "{}").maxDuration("1 minute").insert();
        var node = cluster.start("patient-node");
        running("elsewhere", db.registerIncarnation("live-peer"), "live-peer", "10 minutes");
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(db, "busy").stream().anyMatch(r -> r.status().equals("RUNNING")));

        await().during(AttemptSweeper.UNHELD_FOR.multipliedBy(2)).atMost(Duration.ofSeconds(30))
                .until(() -> node.sweeper().sweep().isEmpty());
        assertThat(runs(db, "busy")).filteredOn(r -> r.status().equals("RUNNING")).hasSize(1);
        assertThat(runs(db, "busy")).extracting(RunRow::status).doesNotContain("INTERRUPTED");
        assertThat(runs(db, "elsewhere")).singleElement().extracting(RunRow::status).isEqualTo("RUNNING");
        assertThat(node.sweeper().stuck()).isEmpty();
    }
}
