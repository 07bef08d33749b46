package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.scheduler.sync.ScheduleService;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** The execution rules (dependencies, forced runs, retries, timeouts, suppression, pause) on a two-node cluster. */
class ExecutionSemanticsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    private ScheduleService service() {
        return cluster.nodes().get(0).service();
    }

    @Test
    void failedDependencyBlocksItsDependentAsSkipped() throws Exception {
        schedule(db, "upstream").cron(QuietCron.daily()).operation("fail", "{\"message\": \"boom\"}").insert();
        schedule(db, "downstream").cron(QuietCron.daily()).dependsOn("upstream").insert();
        cluster.start("node-a");
        service().trigger("upstream", "tester", false);
        await().atMost(WAIT).until(() -> runs(db, "upstream").stream().anyMatch(r -> r.status().equals("FAILED")));

        service().trigger("downstream", "tester", false);

        await().atMost(WAIT).until(() -> !runs(db, "downstream").isEmpty() && finished(runs(db, "downstream")));
        RunRow run = runs(db, "downstream").get(0);
        assertThat(run.status()).isEqualTo("SKIPPED");
        assertThat(run.error()).contains("upstream (last run FAILED)");
        assertThat(runs(db, "downstream")).hasSize(1).as("SKIPPED is not retried");
    }

    @Test
    void staleDependencyOutsideItsWindowBlocksAndAFreshSuccessUnblocks() throws Exception {
        schedule(db, "upstream").cron(QuietCron.daily()).insert();
        schedule(db, "downstream").cron(QuietCron.daily()).dependsOn("upstream").insert();
        db.execute("UPDATE orchestrator.maintenance_schedules SET dependency_window = '1 hour'"
                + " WHERE operation_name = 'downstream'");
        db.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, finished_at, status, node_id) VALUES ('upstream', 'noop', 'CRON', now() - interval '2 hours',"
                + " now() - interval '2 hours', now() - interval '2 hours', 'SUCCESS', 'old-node')");
        cluster.start("node-a");

        service().trigger("downstream", "tester", false);
        await().atMost(WAIT).until(() -> runs(db, "downstream").size() == 1 && finished(runs(db, "downstream")));
        assertThat(runs(db, "downstream").get(0).status()).isEqualTo("SKIPPED");
        assertThat(runs(db, "downstream").get(0).error()).contains("older than PT1H");

        service().trigger("upstream", "tester", false);
        await().atMost(WAIT).until(() -> runs(db, "upstream").stream().anyMatch(r -> !r.node().equals("old-node")
                && r.status().equals("SUCCESS")));
        service().trigger("downstream", "tester", false);
        await().atMost(WAIT).until(() -> runs(db, "downstream").size() == 2 && finished(runs(db, "downstream")));
        assertThat(runs(db, "downstream").get(1).status()).isEqualTo("SUCCESS");
    }

    @Test
    void forcedRunIgnoresUnmetDependenciesAndIsRecordedManualWithItsUser() throws Exception {
        schedule(db, "upstream").cron(QuietCron.daily()).insert();
        schedule(db, "downstream").cron(QuietCron.daily()).dependsOn("upstream").insert();
        cluster.start("node-a");

        service().trigger("downstream", "alice", true);

        await().atMost(WAIT).until(() -> runs(db, "downstream").size() == 1 && finished(runs(db, "downstream")));
        assertThat(runs(db, "downstream").get(0).status()).isEqualTo("SUCCESS");
        assertThat(runs(db, "downstream").get(0).kind()).isEqualTo("MANUAL");
        assertThat(scalar(db, "SELECT requested_by FROM orchestrator.job_runs WHERE schedule_name = 'downstream'"))
                .isEqualTo("alice");
    }

    @Test
    void cycleAndDanglingNamesWrittenBySqlLeaveTheSchedulesBlocked() throws Exception {
        schedule(db, "cycle_a").cron("* * * * * ?").dependsOn("cycle_b").insert();
        schedule(db, "cycle_b").cron("* * * * * ?").dependsOn("cycle_a").insert();
        schedule(db, "dangling").cron("* * * * * ?").dependsOn("no_such_schedule").insert();
        schedule(db, "healthy").cron("* * * * * ?").insert();
        cluster.start("node-a");

        await().atMost(WAIT).until(() -> runs(db, "healthy").size() >= 3);
        assertThat(runs(db, "cycle_a")).isEmpty();
        assertThat(runs(db, "cycle_b")).isEmpty();
        assertThat(runs(db, "dangling")).isEmpty();
        assertThat(blockedReason("cycle_a")).contains("dependency cycle").contains("cycle_a").contains("cycle_b");
        assertThat(blockedReason("dangling")).isEqualTo("depends on unknown schedule no_such_schedule");

        db.execute("UPDATE orchestrator.maintenance_schedules SET depends_on = '{}' WHERE operation_name = 'cycle_b'");
        await().atMost(WAIT).until(() -> runs(db, "cycle_b").size() >= 1);
        assertThat(blockedReason("cycle_a")).isNull();
    }

    @Test
    void failedAttemptsAreRetriedWithNonDecreasingGapsUntilOneSucceeds() throws Exception {
        schedule(db, "flaky_job").cron(QuietCron.daily()).operation("flaky", "{\"failures\": 3}")
                .retries(3, "1 second").insert();
        cluster.start("node-a");
        cluster.start("node-b");

        service().trigger("flaky_job", "tester", false);

        await().atMost(WAIT).until(() -> runs(db, "flaky_job").size() == 4 && finished(runs(db, "flaky_job")));
        List<RunRow> attempts = runs(db, "flaky_job");
        assertThat(attempts).extracting(RunRow::attempt).containsExactly(1, 2, 3, 4);
        assertThat(attempts).extracting(RunRow::status).containsExactly("FAILED", "FAILED", "FAILED", "SUCCESS");
        assertThat(attempts).extracting(RunRow::kind).containsExactly("MANUAL", "RETRY", "RETRY", "RETRY");
        assertThat(attempts).extracting(RunRow::fireTime).containsOnly(attempts.get(0).fireTime());
        List<Long> gaps = gapsMillis();
        assertThat(gaps.get(1)).as("backoff doubles (with ±20% jitter)").isGreaterThanOrEqualTo(gaps.get(0));
        assertThat(scalar(db, "SELECT consecutive_failures FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'flaky_job'")).isEqualTo("0");
    }

    @Test
    void aTimeoutCancelsTheStatementInPostgresAndEndsTimeout() throws Exception {
        schedule(db, "sleeps_in_pg").cron(QuietCron.daily()).operation("pg_sleep", "{\"seconds\": 60}")
                .maxDuration("2 seconds").insert();
        cluster.start("node-a");

        service().trigger("sleeps_in_pg", "tester", false);

        await().atMost(WAIT).until(() -> !runs(db, "sleeps_in_pg").isEmpty() && finished(runs(db, "sleeps_in_pg")));
        assertThat(runs(db, "sleeps_in_pg").get(0).status()).isEqualTo("TIMEOUT");
        String sinceTheAttempt = " AND query_start >= (SELECT started_at FROM orchestrator.job_runs"
                + " WHERE schedule_name = 'sleeps_in_pg')";
        assertThat(scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'"
                + " AND state = 'active'" + sinceTheAttempt)).as("the cancelled statement").isEqualTo("0");
        assertThat(scalar(db, "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                + sinceTheAttempt)).as("open transactions").isEqualTo("0");
        assertThat(cluster.nodes().get(0).abandonedOperationThreads()).isZero();
    }

    @Test
    void anOperationThatIgnoresCancellationIsAbandonedAndItsWorkerFreed() throws Exception {
        // sleep is interruptible, so it stops at once; a busy loop would be abandoned after the grace
        schedule(db, "sleeps_in_java").cron(QuietCron.daily()).operation("sleep", "{\"seconds\": 60}")
                .maxDuration("1 second").insert();
        cluster.start("node-a");

        service().trigger("sleeps_in_java", "tester", false);

        await().atMost(WAIT).until(() -> !runs(db, "sleeps_in_java").isEmpty() && finished(runs(db, "sleeps_in_java")));
        assertThat(runs(db, "sleeps_in_java").get(0).status()).isEqualTo("TIMEOUT");
        assertThat(cluster.nodes().get(0).scheduler().getCurrentlyExecutingJobs()).isEmpty();
    }

    @Test
    void afterMaxConsecutiveFailuresTheScheduleIsSuppressedUntilReset() throws Exception {
        schedule(db, "always_fails").cron("* * * * * ?").operation("fail", "{}").maxConsecutiveFailures(2).insert();
        cluster.start("node-a");
        cluster.start("node-b");

        await().atMost(WAIT).until(() -> scalar(db, "SELECT suppressed_at FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'always_fails'") != null);
        int runsWhenSuppressed = runs(db, "always_fails").size();
        assertThat(runsWhenSuppressed).isBetween(2, 3);
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.schedule_changes WHERE action = 'SUPPRESS'"))
                .isEqualTo("1");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> runs(db, "always_fails").size() == runsWhenSuppressed);

        service().reset("always_fails", "tester");
        await().atMost(WAIT).until(() -> runs(db, "always_fails").size() > runsWhenSuppressed);
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.schedule_changes WHERE action = 'RESET'")).isEqualTo("1");
    }

    @Test
    void globalPauseStopsEveryNodeAndResumeRestartsThem() throws Exception {
        schedule(db, "ticks").cron("* * * * * ?").insert();
        cluster.start("node-a");
        cluster.start("node-b");
        await().atMost(WAIT).until(() -> runs(db, "ticks").size() >= 2);

        service().pauseAll("tester");
        await().atMost(Duration.ofSeconds(5)).until(() -> finished(runs(db, "ticks")));
        int whilePaused = runs(db, "ticks").size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> runs(db, "ticks").size() == whilePaused);
        assertThat(service().isGloballyPaused()).isTrue();

        cluster.nodes().get(1).service().resumeAll("tester");
        await().atMost(WAIT).until(() -> runs(db, "ticks").size() >= whilePaused + 2);
    }

    private String blockedReason(String schedule) {
        return scalar(db, "SELECT blocked_reason FROM orchestrator.maintenance_schedules WHERE operation_name = '"
                + schedule + "'");
    }

    private List<Long> gapsMillis() {
        String csv = scalar(db, "SELECT string_agg((EXTRACT(EPOCH FROM started_at - lag) * 1000)::bigint::text, ','"
                + " ORDER BY id) FROM (SELECT id, started_at, lag(finished_at) OVER (ORDER BY id) AS lag"
                + " FROM orchestrator.job_runs WHERE schedule_name = 'flaky_job') g WHERE lag IS NOT NULL");
        return java.util.Arrays.stream(csv.split(",")).map(Long::parseLong).toList();
    }

    private static boolean finished(List<RunRow> runs) {
        return runs.stream().noneMatch(r -> r.status().equals("RUNNING"));
    }
}
