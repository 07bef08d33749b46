package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.FireCounter;
import org.guardian.orchestrator.testing.LogCapture;
import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** Node death, stalled nodes and a database outage: recovery that is fast, fenced and never false. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeKilledMidAttemptIsRecoveredOnAnotherNodeAndItsAttemptMarkedInterrupted() throws Exception {
        schedule(db, "long_job").cron("* * * * * ?").operation("pg_sleep", "{\"seconds\": 20}")
                .maxDuration("2 minutes").insert();
        try (NodeProcess victim = NodeProcess.start(db, "victim")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> runningOn("victim").isPresent());
            cluster.start("survivor");
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db,
                    "SELECT count(*) FROM orchestrator.qrtz_scheduler_state WHERE instance_name = 'survivor'")));
            RunRow dead = runningOn("victim").orElseThrow();

            Instant killedAt = Instant.now();
            victim.kill9();

            await().atMost(Duration.ofSeconds(30)).until(() -> recoveryOf(dead).isPresent());
            Instant recoveredAt = Instant.parse(scalar(db, "SELECT to_char(started_at AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM orchestrator.job_runs WHERE id = " + recoveryOf(dead).get().id()));
            LOG.info("FAILOVER: re-execution started {} ms after kill -9", Duration.between(killedAt, recoveredAt).toMillis());
        }
        RunRow dead = runs(db, "long_job").get(0);
        assertThat(dead.status()).isEqualTo("INTERRUPTED");
        assertThat(dead.node()).isEqualTo("victim");
        RunRow recovery = runs(db, "long_job").stream().filter(r -> r.kind().equals("RECOVERY")).findFirst().orElseThrow();
        assertThat(recovery.node()).isEqualTo("survivor");
        assertThat(recovery.fireTime()).isEqualTo(dead.fireTime());
        assertThat(recovery.attempt()).isEqualTo(dead.attempt() + 1);
    }

    @Test
    void aNodeWhoseCheckInsStallPastTheLimitIsFencedBeforeItsAttemptIsRecovered() throws Exception {
        schedule(db, "slow_job").cron(QuietCron.daily()).operation("pg_sleep", "{\"seconds\": 14}")
                .maxDuration("1 minute").insert();
        var slow = cluster.start("slow-node");
        slow.service().trigger("slow_job", "tester", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> runningOn("slow-node").isPresent());
        cluster.start("peer");
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db,
                "SELECT count(*) FROM orchestrator.qrtz_scheduler_state WHERE instance_name = 'peer'")));
        String slowSessions = "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'guardian/"
                + slow.liveness().identity().incarnation() + "/%'";
        assertThat(Integer.parseInt(scalar(db, slowSessions))).isPositive();

        try (Connection blocker = db.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            // slow-node's check-in UPDATE now waits on this row lock for 12 s, past the 10 s limit
            blocker.createStatement().execute("SELECT * FROM orchestrator.qrtz_scheduler_state"
                    + " WHERE instance_name = 'slow-node' FOR UPDATE");
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.fenced().contains("slow-node"));
            await("every session of the fenced node ended").atMost(Duration.ofSeconds(10))
                    .until(() -> scalar(db, slowSessions).equals("0"));
            blocker.rollback();
        }

        await().atMost(Duration.ofSeconds(40)).until(() -> runs(db, "slow_job").stream()
                .anyMatch(r -> r.kind().equals("RECOVERY") && r.status().equals("SUCCESS")));
        List<RunRow> attempts = runs(db, "slow_job");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).status()).as("the fenced node's outcome is refused").isEqualTo("INTERRUPTED");
        assertThat(attempts.get(0).node()).isEqualTo("slow-node");
        assertThat(attempts.get(1).node()).isEqualTo("peer");
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.job_runs r JOIN orchestrator.node_incarnations n"
                + " ON n.node_id = 'slow-node' WHERE r.id = " + attempts.get(1).id() + " AND r.started_at > n.fenced_at"))
                .as("the recovery started after the fence").isEqualTo("1");
        assertThat(scalar(db, slowSessions)).isEqualTo("0");
    }

    @Test
    @NeedsServer(ServerNeed.STOP_AND_START)
    void aTwentySecondDatabaseOutageIsSurvivedWithoutRestartAndWithoutDoubleRuns() throws Exception {
        // attempts last 1.5 s of every 2 s, so the outage most likely hits one in flight
        schedule(db, "ticks").cron("*/2 * * * * ?").operation("sleep", "{\"seconds\": 1.5}").insert();
        FireCounter fires = new FireCounter();
        cluster.start("node-a").scheduler().getListenerManager().addTriggerListener(fires);
        cluster.start("node-b").scheduler().getListenerManager().addTriggerListener(fires);
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(db, "ticks").size() >= 2);

        Instant back;
        try (LogCapture log = new LogCapture()) {
            db.restart(Duration.ofSeconds(20));
            back = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(db, "ticks").stream()
                    .filter(r -> r.fireTime().isAfter(back)).count() >= 3);
            assertThat(log.lines()).as("no rollback or reset tried on a session the driver closed")
                    .noneMatch(line -> line.contains("LivenessJobStore: Couldn't rollback jdbc connection")
                            || line.contains("Failed restore connection's original auto commit setting"));
            assertThat(log.lines()).as("a failing check-in or misfire pass: a streak's lines, not Quartz's stacks")
                    .noneMatch(line -> line.contains("ClusterManager: Error managing cluster")
                            || line.contains("MisfireHandler: Error handling misfires")
                            || line.contains("An error occurred while org.quartz"))
                    .anyMatch(line -> line.startsWith("WARN") && line.contains("Checking in with the cluster failed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                    .filter(line -> line.contains("Checking in with the cluster succeeded again")).count() == 2);
        }
        List<RunRow> all = runs(db, "ticks");
        assertThat(all).extracting(RunRow::fireTime).doesNotHaveDuplicates();
        assertThat(all).noneMatch(r -> r.kind().equals("RECOVERY")).as("no live node declared dead");
        assertThat(cluster.fenced()).as("no live node fenced").isEmpty();
        assertThat(fires.firesMoreThanOnce()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "ticks").stream()
                .filter(r -> r.fireTime().isBefore(back)).noneMatch(r -> r.status().equals("RUNNING")));
        // a fire missed in the outage may be made up, or coalesced into a later run (FIRE_ONCE)
        assertThat(runs(db, "ticks")).filteredOn(r -> r.fireTime().isBefore(back))
                .filteredOn(r -> !(r.status().equals("SKIPPED") && r.error().startsWith("misfired")))
                .as("attempts in flight during the outage were recorded when it ended")
                .allMatch(r -> r.status().equals("SUCCESS") || r.status().equals("FAILED"));
    }

    private Optional<RunRow> runningOn(String node) {
        return runs(db, "long_job").stream().filter(r -> r.node().equals(node) && r.status().equals("RUNNING"))
                .findFirst().or(() -> runs(db, "slow_job").stream()
                        .filter(r -> r.node().equals(node) && r.status().equals("RUNNING")).findFirst());
    }

    private Optional<RunRow> recoveryOf(RunRow dead) {
        return runs(db, "long_job").stream().filter(r -> r.kind().equals("RECOVERY")
                && r.fireTime().equals(dead.fireTime())).findFirst();
    }
}
