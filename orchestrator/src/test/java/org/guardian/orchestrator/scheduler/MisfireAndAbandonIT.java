package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.StubbornOperation;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Misfire policies, an operation that ignores cancellation, and a retry that outlives its node. */
class MisfireAndAbandonIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void fireTimesThatComeWhileTheScheduleRunsAreSkippedAndRecordedUnderPolicySkip() throws Exception {
        schedule(db, "skips_late_fires").cron("* * * * * ?").operation("sleep", "{\"seconds\": 3}")
                .misfirePolicy("SKIP").insert();
        cluster.start("node-a", s -> s.setMisfireThresholdMillis(1000));

        await().atMost(Duration.ofSeconds(40)).until(() -> runs(db, "skips_late_fires").stream()
                .filter(r -> r.status().equals("SKIPPED")).count() >= 2);
        List<RunRow> skipped = runs(db, "skips_late_fires").stream().filter(r -> r.status().equals("SKIPPED")).toList();
        assertThat(skipped).allMatch(r -> r.error().startsWith("misfired"));
        assertThat(runs(db, "skips_late_fires")).extracting(RunRow::fireTime).doesNotHaveDuplicates();
    }

    @Test
    void aFireThatComesWhileTheScheduleRunsRunsOnceLateUnderPolicyFireOnce() throws Exception {
        startFireOnceEveryTwoSeconds("fires_once_late");

        await().atMost(Duration.ofSeconds(40)).until(() -> runs(db, "fires_once_late").stream()
                .filter(r -> r.status().equals("SUCCESS")).count() >= 3);
        List<RunRow> all = runs(db, "fires_once_late");
        assertThat(all).filteredOn(r -> r.status().equals("SKIPPED")).as("fires beyond the one late run")
                .allMatch(r -> r.error().contains("coalesced into the"));
        assertThat(all).filteredOn(r -> !r.status().equals("SKIPPED"))
                .allMatch(r -> r.status().equals("SUCCESS") || r.status().equals("RUNNING"));
        assertThat(all).extracting(RunRow::fireTime).doesNotHaveDuplicates();
        assertThat(all).allMatch(r -> r.fireTime().getNano() == 0).as("recorded at a fire time of the cron");
        List<Instant> ran = all.stream().filter(r -> r.status().equals("SUCCESS")).map(RunRow::fireTime)
                .sorted().toList();
        assertThat(Duration.between(ran.get(0), ran.get(1))).as("the next run is the fire that came"
                + " while the first ran, run late").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aFireThatComesWhileTheLateRunRunsIsMadeUpOnceAndNeverRunsAfterALaterFire() throws Exception {
        // fire T runs to T+2.5 s; T+2 comes meanwhile and runs late from T+3 to T+5.5; T+4 comes while
        // that late run runs and waits in its turn; its tries (T+5: busy, T+6) come just after the on-time
        // fire of T+6, free since T+5.5: that run makes T+4 up, or (the other order) T+4 runs late
        startFireOnceEveryTwoSeconds("late_after_late");

        await().atMost(Duration.ofSeconds(20)).until(() -> runs(db, "late_after_late").stream()
                .anyMatch(r -> r.status().equals("SUCCESS")));
        Instant fourSecondsIn = runs(db, "late_after_late").stream().filter(r -> r.status().equals("SUCCESS"))
                .map(RunRow::fireTime).min(Comparator.naturalOrder()).orElseThrow().plusSeconds(4);
        await().atMost(Duration.ofSeconds(40)).until(() -> runs(db, "late_after_late").stream()
                .anyMatch(r -> r.fireTime().equals(fourSecondsIn) && !r.status().equals("RUNNING")));
        List<RunRow> all = runs(db, "late_after_late");
        assertThat(all).filteredOn(r -> r.fireTime().equals(fourSecondsIn)).as("the fire that came during the late run")
                .singleElement().matches(r -> r.status().equals("SUCCESS")
                        || r.error().contains("coalesced into the run of fire time"), "run, or made up by a later run");
        assertThat(all).filteredOn(r -> !r.status().equals("SKIPPED"))
                .extracting(RunRow::fireTime).as("fire times in the order their runs started (ids)").isSorted();
    }

    /**
     * A FIRE_ONCE schedule firing every 2 s whose runs take 2.5 s, on one node: the fire 2 s in comes
     * while the first runs; half-second margins keep the ends of runs away from the fires and from
     * the late trigger's tries a second apart.
     */
    private void startFireOnceEveryTwoSeconds(String name) throws Exception {
        schedule(db, name).cron("0/2 * * * * ?").operation("sleep", "{\"seconds\": 2.5}")
                .misfirePolicy("FIRE_ONCE").insert();
        cluster.start("node-a", s -> s.setMisfireThresholdMillis(1000));
    }

    @Test
    void anOperationThatIgnoresCancellationIsAbandonedAndTheWorkerFreedBeforeItEnds() throws Exception {
        schedule(db, "stubborn_job").cron(QuietCron.daily()).operation("stubborn", "{\"seconds\": 8}")
                .maxDuration("1 second").insert();
        OrchestratorNode node = cluster.start("node-a");

        node.service().trigger("stubborn_job", "tester", false);

        await().atMost(Duration.ofSeconds(20)).until(() -> runs(db, "stubborn_job").stream()
                .anyMatch(r -> r.status().equals("TIMEOUT")));
        assertThat(StubbornOperation.RUNNING).as("the operation is still spinning").isTrue();
        assertThat(runs(db, "stubborn_job").get(0).error()).contains("ignored cancellation");
        assertThat(node.abandonedOperationThreads()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.scheduler().getCurrentlyExecutingJobs().isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> !StubbornOperation.RUNNING.get());
    }

    @Test
    void aRetryScheduledByANodeThatThenDiesStillRuns() throws Exception {
        schedule(db, "retried_after_death").cron(QuietCron.daily()).operation("flaky", "{\"failures\": 1}")
                .retries(1, "8 seconds").insert();
        try (NodeProcess victim = NodeProcess.start(db, "victim")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> "1".equals(
                    org.guardian.orchestrator.testing.ScheduleRows.scalar(db,
                            "SELECT count(*) FROM orchestrator.qrtz_scheduler_state WHERE instance_name = 'victim'")));
            db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '* * * * * ?'"
                    + " WHERE operation_name = 'retried_after_death'");
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(db, "retried_after_death").stream()
                    .anyMatch(r -> r.status().equals("FAILED") && r.node().equals("victim")));
            // no more cron fires (disabling would also cancel the pending retry, by design)
            db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 3 1 1 ?'"
                    + " WHERE operation_name = 'retried_after_death'");
            victim.kill9();
        }
        RunRow failed = runs(db, "retried_after_death").stream().filter(r -> r.status().equals("FAILED")).findFirst()
                .orElseThrow();
        cluster.start("survivor");

        await().atMost(Duration.ofSeconds(40)).until(() -> runs(db, "retried_after_death").stream()
                .anyMatch(r -> r.kind().equals("RETRY") && r.fireTime().equals(failed.fireTime())
                        && r.status().equals("SUCCESS")));
        RunRow retry = runs(db, "retried_after_death").stream().filter(r -> r.kind().equals("RETRY")).findFirst()
                .orElseThrow();
        assertThat(retry.node()).isEqualTo("survivor");
        assertThat(retry.attempt()).isEqualTo(2);
    }
}
