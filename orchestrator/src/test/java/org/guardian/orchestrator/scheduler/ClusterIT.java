package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.testing.FireCounter;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronTrigger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Three nodes on one database, as in production. */
class ClusterIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);
    private final FireCounter fires = new FireCounter();

    private void startNodes(String... ids) throws Exception {
        for (String id : ids) {
            cluster.start(id).scheduler().getListenerManager().addTriggerListener(fires);
        }
    }

    @Test
    void aTwoSecondScheduleRunsExactlyOncePerFireTimeAcrossThreeNodes() throws Exception {
        schedule(db, "every_two_seconds").cron("*/2 * * * * ?").insert();
        startNodes("node-a", "node-b", "node-c");

        await().atMost(Duration.ofSeconds(40)).until(() -> ScheduleRows.runs(db, "every_two_seconds").size() >= 10);
        db.execute("UPDATE orchestrator.maintenance_schedules SET is_enabled = false WHERE operation_name = 'every_two_seconds'");
        await().atMost(Duration.ofSeconds(15)).until(() -> ScheduleRows.runs(db, "every_two_seconds").stream()
                .allMatch(r -> !r.status().equals("RUNNING")));

        List<RunRow> runs = ScheduleRows.runs(db, "every_two_seconds");
        assertThat(fires.firesMoreThanOnce()).as("fire times Quartz fired twice").isEmpty();
        assertThat(runs).allMatch(r -> r.status().equals("SUCCESS") && r.attempt() == 1 && r.kind().equals("CRON"));
        assertConsecutiveFireTimes(runs, Duration.ofSeconds(2));
        assertThat(runs.stream().map(RunRow::node).collect(Collectors.toSet())).as("nodes that ran it").hasSizeGreaterThan(1);
    }

    /**
     * Acquisition and firing take row locks instead of Quartz's cluster-wide lock: three nodes
     * competing for 30 every-second schedules, while another thread pauses and resumes some of them
     * (the global-lock path), still fire each trigger once per fire time and lose none of the
     * schedules that were never paused.
     */
    @Test
    void manyEverySecondSchedulesOnThreeNodesFireOncePerFireTimeWhilePausesAndResumesRace() throws Exception {
        for (int i = 0; i < 30; i++) {
            schedule(db, "busy_" + i).cron("* * * * * ?").insert();
        }
        startNodes("node-a", "node-b", "node-c");
        Instant start = Instant.now();
        java.util.concurrent.atomic.AtomicBoolean churning = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread churn = new Thread(() -> {
            int round = 0;
            while (churning.get()) {
                var node = cluster.nodes().get(round % 3);
                String name = "busy_" + (round % 5);
                try {
                    node.service().pause(name, "churn");
                    node.service().resume(name, "churn");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                round++;
            }
        });
        churn.start();
        await().atMost(Duration.ofSeconds(40)).until(() -> ScheduleRows.runs(db, "busy_29").stream()
                .filter(r -> r.fireTime().isAfter(start.plusSeconds(2))).count() >= 10);
        churning.set(false);
        churn.join();
        db.execute("UPDATE orchestrator.maintenance_schedules SET is_enabled = false WHERE operation_name LIKE 'busy%'");
        await().atMost(Duration.ofSeconds(15)).until(() -> ScheduleRows.scalar(db, "SELECT count(*)"
                + " FROM orchestrator.job_runs WHERE status = 'RUNNING'").equals("0"));

        // A resume re-creates the triggers; the once-per-fire-time claim, not Quartz, guards a fire
        // time that a pause/resume races. The steady schedules must not even be fired twice by Quartz.
        assertThat(fires.firesMoreThanOnce().keySet().stream().filter(k -> !k.matches("schedules\\.busy_[0-4]#.*")))
                .as("fire times Quartz fired twice").isEmpty();
        assertThat(ScheduleRows.scalar(db, "SELECT count(*) FROM (SELECT schedule_name, scheduled_fire_time"
                + " FROM orchestrator.job_runs WHERE trigger_kind = 'CRON' AND attempt = 1"
                + " GROUP BY 1, 2 HAVING count(*) > 1) d")).as("fire times run twice").isEqualTo("0");
        for (int i = 5; i < 30; i++) {
            List<RunRow> steady = ScheduleRows.runs(db, "busy_" + i).stream()
                    .filter(r -> r.fireTime().isAfter(start.plusSeconds(2))).toList();
            assertThat(steady).as("busy_" + i).hasSizeGreaterThanOrEqualTo(8);
            assertConsecutiveFireTimes(steady, Duration.ofSeconds(1));
        }
        assertThat(ScheduleRows.runs(db, "busy_29").stream().map(RunRow::node).collect(Collectors.toSet()))
                .as("nodes that ran busy_29").hasSizeGreaterThan(1);
    }

    @Test
    void aNodeStoppingCleanlyHandsItsWorkToTheOthers() throws Exception {
        schedule(db, "every_second").cron("* * * * * ?").insert();
        startNodes("node-a", "node-b", "node-c");
        await().atMost(Duration.ofSeconds(20)).until(() -> ScheduleRows.runs(db, "every_second").size() >= 3);

        cluster.stop(cluster.nodes().get(0));
        Instant stoppedAt = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> ScheduleRows.runs(db, "every_second").stream()
                .filter(r -> r.fireTime().isAfter(stoppedAt.plusSeconds(1))).count() >= 5);

        List<RunRow> after = ScheduleRows.runs(db, "every_second").stream()
                .filter(r -> r.fireTime().isAfter(stoppedAt.plusSeconds(1))).toList();
        assertThat(after).extracting(RunRow::node).doesNotContain("node-a");
        assertThat(fires.firesMoreThanOnce()).isEmpty();
        assertThat(ScheduleRows.runs(db, "every_second")).extracting(RunRow::fireTime).doesNotHaveDuplicates();
    }

    @Test
    void aDirectSqlEditOfTheCronIsPickedUpByTheRunningCluster() throws Exception {
        schedule(db, "edited_by_hand").cron("0 0 3 * * ?").insert();
        startNodes("node-a", "node-b", "node-c");
        assertThat(cronOf("edited_by_hand")).isEqualTo("0 0 3 * * ?");

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '* * * * *'"
                + " WHERE operation_name = 'edited_by_hand'");

        await().atMost(Duration.ofSeconds(10)).until(() -> "0 * * ? * *".equals(cronOf("edited_by_hand"))
                || cronOf("edited_by_hand").startsWith("0 * * "));
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " VALUES ('inserted_by_hand', 'noop', '*/1 * * * * ?')");
        await().atMost(Duration.ofSeconds(15)).until(() -> !ScheduleRows.runs(db, "inserted_by_hand").isEmpty());
        db.execute("DELETE FROM orchestrator.maintenance_schedules WHERE operation_name = 'inserted_by_hand'");
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.nodes().get(0).scheduler()
                .checkExists(QuartzKeys.job("inserted_by_hand")));
    }

    @Test
    void aFullStopAndRestartKeepsSchedulesPausedStateAndHistory() throws Exception {
        schedule(db, "keeps_running").cron("* * * * * ?").insert();
        schedule(db, "paused_one").cron("* * * * * ?").insert();
        startNodes("node-a", "node-b");
        cluster.nodes().get(0).service().pause("paused_one", "tester");
        await().atMost(Duration.ofSeconds(20)).until(() -> ScheduleRows.runs(db, "keeps_running").size() >= 2);
        cluster.close();
        int runsBefore = ScheduleRows.runs(db, "keeps_running").size();
        int pausedRunsBefore = ScheduleRows.runs(db, "paused_one").size();

        startNodes("node-a", "node-b");

        await().atMost(Duration.ofSeconds(20)).until(() -> ScheduleRows.runs(db, "keeps_running").size() >= runsBefore + 2);
        assertThat(ScheduleRows.runs(db, "paused_one")).hasSize(pausedRunsBefore);
        assertThat(ScheduleRows.scalar(db, "SELECT paused FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'paused_one'")).isEqualTo("t");
        assertThat(ScheduleRows.scalar(db, "SELECT count(*) FROM orchestrator.schedule_changes WHERE action = 'PAUSE'"))
                .isEqualTo("1");
    }

    @Test
    void threeNodesReconcilingAtTheSameMomentConvergeOnOneJobAndTheRightTriggersPerSchedule() throws Exception {
        startNodes("node-a", "node-b", "node-c");
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT 'bulk_' || i, 'noop', CASE WHEN i % 2 = 0 THEN '0 3 * * *' ELSE '0 0 13 * 5' END"
                + " FROM generate_series(1, 60) i");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> passes = new java.util.ArrayList<>();
        for (var node : cluster.nodes()) {
            passes.add(pool.submit(() -> {
                go.await();
                node.synchronizer().synchronizeAll();
                return null;
            }));
        }
        go.countDown();
        for (var pass : passes) {
            pass.get();
        }
        pool.shutdown();

        assertThat(ScheduleRows.scalar(db, "SELECT count(*) FROM orchestrator.qrtz_job_details WHERE job_name LIKE 'bulk_%'"))
                .isEqualTo("60");
        // even: one trigger; odd: day-of-month OR day-of-week, two triggers
        assertThat(ScheduleRows.scalar(db, "SELECT count(*) FROM orchestrator.qrtz_triggers WHERE job_name LIKE 'bulk_%'"))
                .isEqualTo("90");
        assertThat(ScheduleRows.scalar(db, "SELECT count(*) FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name LIKE 'bulk_%' AND (next_run IS NULL OR blocked_reason IS NOT NULL)")).isEqualTo("0");
    }

    /**
     * A full pass costs about seven statements per schedule: a node joining a cluster that made one
     * moments ago over the same table trusts Quartz's shared state; one starting after the table
     * changed reconciles the schedules edited since; one starting long after the last full pass
     * makes its own.
     */
    @Test
    void aNodeStartingRightAfterAFullPassOverTheSameTableDoesNotMakeAnother() throws Exception {
        schedule(db, "joined_later").cron("0 0 3 * * ?").insert();
        OrchestratorNode first = cluster.start("node-a", TestCluster::noPassesOfItsOwn);
        assertThat(first.synchronizer().fullPasses()).as("first node of a fresh cluster").isEqualTo(1);

        OrchestratorNode joining = cluster.start("node-b", TestCluster::noPassesOfItsOwn);
        assertThat(joining.synchronizer().fullPasses()).as("same table, full pass moments ago").isZero();
        assertThat(joining.scheduler().checkExists(QuartzKeys.job("joined_later"))).isTrue();

        db.execute("UPDATE orchestrator.cluster_state SET last_full_reconcile = now() - interval '1 hour'");
        OrchestratorNode late = cluster.start("node-c", TestCluster::noPassesOfItsOwn);
        assertThat(late.synchronizer().fullPasses()).as("last full pass an hour old").isEqualTo(1);

        db.execute("UPDATE orchestrator.maintenance_schedules SET cron_schedule = '0 0 4 * * ?'"
                + " WHERE operation_name = 'joined_later'");
        OrchestratorNode afterEdit = cluster.start("node-d", TestCluster::noPassesOfItsOwn);
        assertThat(afterEdit.synchronizer().fullPasses()).as("the table changed since").isZero();
        assertThat(afterEdit.synchronizer().examined()).as("the schedule edited since").isEqualTo(1);
        assertThat(cronOf("joined_later")).isEqualTo("0 0 4 * * ?");
    }

    /**
     * A node joining right after the cluster's full pass works out the blocked reason only of the
     * schedules its own operations could block or unblock: at 100,000 schedules that spares it
     * parsing 100,000 crons before it fires.
     */
    @Test
    void aNodeJoiningAfterAFullPassExaminesOnlyWhatItsOwnOperationsDecide() throws Exception {
        schedule(db, "firing").cron("0 0 3 * * ?").insert();
        schedule(db, "also_firing").cron("0 0 4 * * ?").insert();
        schedule(db, "unregistered").operation("no_such_operation", "{}").cron("0 0 5 * * ?").insert();
        OrchestratorNode first = cluster.start("node-a", TestCluster::noPassesOfItsOwn);
        assertThat(first.synchronizer().examined()).as("a full pass").isEqualTo(3);

        OrchestratorNode joining = cluster.start("node-b", TestCluster::noPassesOfItsOwn);

        assertThat(joining.synchronizer().fullPasses()).isZero();
        assertThat(joining.synchronizer().examined()).as("the blocked schedule only").isEqualTo(1);
        assertThat(ScheduleRows.scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'unregistered'")).contains("not registered");
        assertThat(joining.scheduler().checkExists(QuartzKeys.job("firing"))).isTrue();
    }

    @Test
    void nodesStartedTogetherMakeOneFullPassBetweenThem() throws Exception {
        insertRarelyFiring("together_", 3000);
        CompletableFuture<OrchestratorNode> first = cluster.startInBackground("node-a", TestCluster::noPassesOfItsOwn);
        await().atMost(Duration.ofSeconds(60)).until(() -> passLockSessions("granted") == 1);

        OrchestratorNode second = cluster.start("node-b", TestCluster::noPassesOfItsOwn);

        assertThat(first.get(2, TimeUnit.MINUTES).synchronizer().fullPasses() + second.synchronizer().fullPasses())
                .as("the second waited for the first's pass and trusted it").isEqualTo(1);
        assertThat(second.scheduler().checkExists(QuartzKeys.job("together_3000"))).isTrue();
    }

    /**
     * Nodes that reach their starting pass while another pass holds the lock decide, once they hold
     * it, whether the table needs a full pass: the first makes it, the next finds it recorded.
     */
    @Test
    void nodesWaitingTogetherForThePassLockMakeOneFullPassBetweenThem() throws Exception {
        insertRarelyFiring("waiting_", 3000);
        String lock = AdvisoryLocks.CLUSTER_TASKS + ", " + AdvisoryLocks.RECONCILIATION;
        CompletableFuture<OrchestratorNode> a;
        CompletableFuture<OrchestratorNode> b;
        try (Connection other = db.dataSource().getConnection(); Statement sql = other.createStatement()) {
            sql.execute("SELECT pg_advisory_lock(" + lock + ")"); // another pass going on
            a = cluster.startInBackground("node-a", TestCluster::noPassesOfItsOwn);
            b = cluster.startInBackground("node-b", TestCluster::noPassesOfItsOwn);
            await().atMost(Duration.ofSeconds(60)).until(() -> passLockSessions("NOT granted") == 2);
            sql.execute("SELECT pg_advisory_unlock(" + lock + ")");
        }

        assertThat(a.get(2, TimeUnit.MINUTES).synchronizer().fullPasses() + b.get(2, TimeUnit.MINUTES).synchronizer()
                .fullPasses()).isEqualTo(1);
    }

    private void insertRarelyFiring(String prefix, int count) {
        db.execute("INSERT INTO orchestrator.maintenance_schedules (operation_name, operation, cron_schedule)"
                + " SELECT '" + prefix + "' || i, 'noop', '" + QuietCron.daily() + "' FROM generate_series(1, " + count
                + ") i");
    }

    /** Sessions holding ({@code "granted"}) or waiting for ({@code "NOT granted"}) the pass lock. */
    private int passLockSessions(String granted) {
        return Integer.parseInt(ScheduleRows.scalar(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                + granted + " AND classid = " + AdvisoryLocks.CLUSTER_TASKS + " AND objid = " + AdvisoryLocks.RECONCILIATION));
    }

    /**
     * A node waiting to start behind another's full pass reads the cluster's record of it as soon as
     * it gets the lock: the pass is recorded before its lock goes, else the waiting node finds no
     * record and makes a full pass of its own (at 100,000 schedules, half a minute more).
     */
    @Test
    void aFullPassIsRecordedBeforeItsLockIsReleased() throws Exception {
        insertRarelyFiring("recorded_", 3000);
        CompletableFuture<OrchestratorNode> first = cluster.startInBackground("node-a", TestCluster::noPassesOfItsOwn);
        await().atMost(Duration.ofSeconds(60)).until(() -> passLockSessions("granted") == 1);

        String recorded;
        try (Connection waiting = db.dataSource().getConnection(); Statement sql = waiting.createStatement()) {
            sql.execute("SELECT pg_advisory_lock(" + AdvisoryLocks.CLUSTER_TASKS + ", " + AdvisoryLocks.RECONCILIATION + ")");
            try (ResultSet rs = sql.executeQuery("SELECT reconciled_signature FROM orchestrator.cluster_state")) {
                rs.next();
                recorded = rs.getString(1);
            }
            sql.execute("SELECT pg_advisory_unlock(" + AdvisoryLocks.CLUSTER_TASKS + ", " + AdvisoryLocks.RECONCILIATION + ")");
        }

        assertThat(first.get(2, TimeUnit.MINUTES).synchronizer().fullPasses()).isEqualTo(1);
        assertThat(recorded).as("the full pass's record, read as soon as its lock was free").isNotNull();
    }

    private String cronOf(String schedule) throws Exception {
        return ((CronTrigger) cluster.nodes().get(0).scheduler().getTrigger(QuartzKeys.cronTrigger(schedule, 0)))
                .getCronExpression();
    }

    private static void assertConsecutiveFireTimes(List<RunRow> runs, Duration period) {
        List<Instant> times = runs.stream().map(RunRow::fireTime).sorted().toList();
        assertThat(Set.copyOf(times)).as("distinct fire times").hasSize(times.size());
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).as("gap before " + times.get(i)).isEqualTo(period);
        }
    }
}
