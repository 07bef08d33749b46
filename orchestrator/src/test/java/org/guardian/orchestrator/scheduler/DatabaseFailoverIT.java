package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.health.DatabaseHealthCheck;
import org.guardian.orchestrator.testing.FireCounter;
import org.guardian.orchestrator.testing.LogCapture;
import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.guardian.orchestrator.testing.pg.StandbyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * The primary is lost for good and a failover manager promotes the standby: three nodes on a
 * multi-host URL follow it without a restart, fire again within seconds, run no fire time twice,
 * recover the attempt that was running once, and (synchronous replication) lose no outcome.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@NeedsServer(ServerNeed.STANDBY_PAIR)
class DatabaseFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailoverIT.class);

    @Test
    void theNodesFollowAPromotedStandbyWithNothingLostAndNothingRunTwice() throws Exception {
        assumeTrue(StandbyPair.available(), "Debian's PostgreSQL binaries (pg_basebackup) are not installed");
        try (StandbyPair pair = StandbyPair.start(true)) {
            TestDatabase db = TestDatabase.on(pair);
            schedule(db, "ticks").cron("* * * * * ?").operation("sleep", "{\"seconds\": 0.2}").insert();
            // its session ends with the primary: the attempt fails, and its one retry is the recovery
            schedule(db, "long_job").cron(QuietCron.daily()).operation("pg_sleep", "{\"seconds\": 30}")
                    .maxDuration("2 minutes").retries(1, "1 second").insert();
            FireCounter fires = new FireCounter();
            try (TestCluster cluster = new TestCluster(db); LogCapture log = new LogCapture()) {
                for (String node : List.of("node-a", "node-b", "node-c")) {
                    cluster.start(node).scheduler().getListenerManager().addTriggerListener(fires);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> finished(runs(db, "ticks")).size() >= 2);
                cluster.nodes().get(0).service().trigger("long_job", "tester", false);
                await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "long_job").stream()
                        .anyMatch(r -> r.status().equals("RUNNING")));
                Set<String> committed = finished(runs(db, "ticks"));
                try (DatabaseHealthCheck standby = new DatabaseHealthCheck(pair.dataSource(pair.secondServerUrl("guardian")))) {
                    assertThat(standby.execute()).as("the standby, named so by the database check")
                            .extracting(r -> r.getMessage()).asString()
                            .startsWith("database reachable but read-only: a standby in recovery");
                }

                pair.stopPrimary();
                pair.promote();
                Instant promoted = Instant.now();

                await("a fire after the promotion").atMost(Duration.ofSeconds(10)).until(() -> runs(db, "ticks")
                        .stream().anyMatch(r -> r.fireTime().isAfter(promoted) && !r.status().equals("RUNNING")));
                LOG.info("FAILOVER: first fire recorded {} ms after the promotion",
                        Duration.between(promoted, Instant.now()).toMillis());
                await("the running attempt recovered").atMost(Duration.ofSeconds(10))
                        .until(() -> runs(db, "long_job").size() >= 2);
                await("a few more fires").atMost(Duration.ofSeconds(10)).until(() -> runs(db, "ticks").stream()
                        .filter(r -> r.fireTime().isAfter(promoted) && !r.status().equals("RUNNING")).count() >= 3);
                List<RunRow> longJob = runs(db, "long_job");
                assertThat(longJob).as("the attempt that was running, then its recovery, once").hasSize(2);
                assertThat(longJob.get(0).status()).isEqualTo("FAILED");
                assertThat(longJob.get(1).attempt()).isEqualTo(2);
                assertThat(longJob.get(1).fireTime()).isEqualTo(longJob.get(0).fireTime());
                List<RunRow> ticks = runs(db, "ticks");
                assertThat(ticks).extracting(r -> r.fireTime() + "#" + r.attempt()).doesNotHaveDuplicates();
                assertThat(fires.firesMoreThanOnce()).isEmpty();
                assertThat(cluster.fenced()).as("no live node fenced: no lock is held on the promoted server at first").isEmpty();
                assertThat(finished(runsOn(pair.dataSource(pair.secondServerUrl("guardian")), "ticks")))
                        .as("every outcome seen committed before the stop is on the promoted server")
                        .containsAll(committed);
                assertThat(log.lines()).as("no rollback tried on a session the driver closed")
                        .noneMatch(line -> line.contains("Couldn't rollback jdbc connection"));
            }
        }
    }

    @Test
    void anOldPrimaryThatComesBackIsNotWrittenTo() throws Exception {
        assumeTrue(StandbyPair.available(), "Debian's PostgreSQL binaries (pg_basebackup) are not installed");
        try (StandbyPair pair = StandbyPair.start(false)) {
            TestDatabase db = TestDatabase.on(pair);
            schedule(db, "ticks").cron("* * * * * ?").operation("sleep", "{\"seconds\": 0.1}").insert();
            schedule(db, "stuck").cron(QuietCron.daily()).operation("pg_sleep", "{\"seconds\": 60}")
                    .maxDuration("5 seconds").insert();
            try (TestCluster cluster = new TestCluster(db); LogCapture log = new LogCapture()) {
                cluster.start("node-a");
                await().atMost(Duration.ofSeconds(30)).until(() -> finished(runs(db, "ticks")).size() >= 2);
                pair.stopPrimary();
                pair.promote();
                Instant promoted = Instant.now();
                await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "ticks").stream()
                        .anyMatch(r -> r.fireTime().isAfter(promoted) && !r.status().equals("RUNNING")));

                pair.startOldPrimary();
                DataSource oldPrimary = pair.dataSource(pair.firstServerUrl("guardian"));
                DataSource newPrimary = pair.dataSource(pair.secondServerUrl("guardian"));
                // the driver (its host states are the JVM's) now picks the old primary first: both answer as primaries
                await("the multi-host URL leads to the old primary").atMost(Duration.ofSeconds(10))
                        .until(() -> serverPort(db.dataSource()) == serverPort(oldPrimary));
                // every pool opens new sessions now
                try (Connection c = newPrimary.getConnection()) {
                    c.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE application_name LIKE 'guardian/%'");
                }
                Instant cut = Instant.now();
                await("fires recorded on the new primary").atMost(Duration.ofSeconds(20)).until(() ->
                        runsOn(newPrimary, "ticks").stream().filter(r -> r.fireTime().isAfter(cut)
                                && !r.status().equals("RUNNING")).count() >= 3);
                // a timeout's cancel goes over the node's control connection, opened anew (the old primary's
                // refusals over by then): on the new primary too
                cluster.nodes().get(0).service().trigger("stuck", "tester", false);
                await("the stuck attempt ended").atMost(Duration.ofSeconds(20)).until(() ->
                        runsOn(newPrimary, "stuck").stream().anyMatch(r -> !r.status().equals("RUNNING")));
                assertThat(runsOn(newPrimary, "stuck").get(0).status()).isEqualTo("TIMEOUT");
                assertThat(count(newPrimary, "query LIKE 'SELECT pg_sleep%' AND state = 'active'"))
                        .as("the statement cancelled on the new primary").isZero();
                assertThat(cluster.nodes().get(0).abandonedOperationThreads()).as("abandoned threads").isZero();
                assertThat(cluster.fenced()).isEmpty();
                assertThat(runsOn(oldPrimary, "ticks")).as("nothing written to the old primary")
                        .noneMatch(r -> r.fireTime().isAfter(promoted));
                // a session opened there lives the milliseconds its refusal takes
                assertThat(count(oldPrimary, "application_name LIKE 'guardian/%'"
                        + " AND backend_start < now() - interval '1 second'"))
                        .as("no node session stays on the old primary").isZero();
                assertThat(log.lines()).as("no rollback tried on a session the driver closed")
                        .noneMatch(line -> line.contains("Couldn't rollback jdbc connection"));
            }
        }
    }

    private static int count(DataSource server, String sessionsWhere) throws SQLException {
        return intOf(server, "SELECT count(*) FROM pg_stat_activity WHERE " + sessionsWhere);
    }

    private static int serverPort(DataSource server) throws SQLException {
        return intOf(server, "SELECT inet_server_port()");
    }

    private static int intOf(DataSource server, String query) throws SQLException {
        try (Connection c = server.getConnection(); ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Set<String> finished(List<RunRow> rows) {
        Set<String> done = new HashSet<>();
        rows.stream().filter(r -> !r.status().equals("RUNNING"))
                .forEach(r -> done.add(r.fireTime() + "#" + r.attempt() + "=" + r.status()));
        return done;
    }

    private static List<RunRow> runsOn(DataSource server, String schedule) throws SQLException {
        try (Connection c = server.getConnection(); var s = c.prepareStatement("SELECT id, scheduled_fire_time,"
                + " attempt, trigger_kind, status, node_id, error FROM orchestrator.job_runs WHERE schedule_name = ?"
                + " ORDER BY id")) {
            s.setString(1, schedule);
            List<RunRow> rows = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RunRow(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
            return rows;
        }
    }
}
