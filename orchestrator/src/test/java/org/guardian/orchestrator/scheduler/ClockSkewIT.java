package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.health.SchedulerHealthCheck;
import org.guardian.orchestrator.query.ClusterView;
import org.guardian.orchestrator.testing.ApiClient;
import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.NotifyChannels;
import org.guardian.orchestrator.testing.OffsetClock;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * A node whose clock is 30 s ahead of the database's, beside a node in step with it: it stands
 * down, so no fire time runs early or is taken for misfired while its peer runs every one, not even
 * after a resume of the cluster asked of it; a run asked of it starts at once on the peer; once its
 * clock is back it fires again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClockSkewIT {
    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
    private static final String AHEAD = "clock-ahead";
    private static final String IN_STEP = "clock-in-step";
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    /** The node ahead is a process whose whole clock is moved (libfaketime), Quartz's included. */
    @Test
    void aNodeProcessWhoseClockIsAheadRunsNothingEarlyAndTakesNothingForMisfired(@TempDir Path dir) throws Exception {
        assumeThat(LIBFAKETIME).as("Debian's faketime package (apt-get install faketime)").exists();
        Path offset = dir.resolve("faketime");
        Files.writeString(offset, "+30s\n");
        for (int i = 0; i < 3; i++) { // every second: always acquired ahead; every 5 s: open to a misfire pass
            schedule(db, "clock_ticks_" + i).cron("* * * * * ?").operation("noop", "{}").insert();
            schedule(db, "clock_fives_" + i).cron("*/5 * * * * ?").operation("noop", "{}").insert();
        }
        startInStep();

        int port = NotifyChannels.freePort();
        try (NodeProcess ahead = NodeProcess.start(db, AHEAD, Map.of("LD_PRELOAD", LIBFAKETIME.toString(),
                "FAKETIME_TIMESTAMP_FILE", offset.toString(), "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "ORCH_HTTP_PORT", String.valueOf(port)))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> ahead.log().contains("Node " + AHEAD + " started"));
            assertThat(Long.parseLong(offsetOf(AHEAD))).isBetween(25_000L, 35_000L);
            String from = now();
            await("no fire time runs before it is due, nothing runs on the node ahead")
                    .during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(18))
                    .until(() -> count("scheduled_fire_time > clock_timestamp() + INTERVAL '1 second'"
                            + " OR node_id = '" + AHEAD + "'") == 0);
            String due = "SELECT t FROM generate_series(date_trunc('second', '" + from + "'::timestamptz)"
                    + " + INTERVAL '2 seconds', date_trunc('second', '" + from + "'::timestamptz) + INTERVAL '12 seconds',"
                    + " INTERVAL '1 second') t";
            assertThat(count("status <> 'SKIPPED' AND scheduled_fire_time IN (" + due + ")"))
                    .as("every fire time of the window ran, on the node in step")
                    .isEqualTo(3 * 11 + 3 * Long.parseLong(scalar(db, "SELECT count(*) FROM (" + due + ") d"
                            + " WHERE extract(second FROM t)::int % 5 = 0")));
            assertThat(ahead.log()).containsPattern("Node " + AHEAD + " stops firing: this node's clock is \\d+ ms ahead of"
                    + " the database's \\(1 of 1 live peer\\(s\\) within 1000 ms of it\\)");

            // a pause and resume of the cluster asked of it: in standby, it takes no fire time for misfired
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> asAdmin(port, "/api/scheduler/pause") == 200);
            assertThat(asAdmin(port, "/api/scheduler/resume")).isEqualTo(200);
            String resumed = now();
            String fives = "SELECT t FROM generate_series(date_trunc('second', '" + resumed + "'::timestamptz)"
                    + " + INTERVAL '1 second', date_trunc('second', '" + resumed + "'::timestamptz) + INTERVAL '11 seconds',"
                    + " INTERVAL '1 second') t WHERE extract(second FROM t)::int % 5 = 0";
            long expected = 3 * Long.parseLong(scalar(db, "SELECT count(*) FROM (" + fives + ") d"));
            await("every every-5-s fire time after the resume runs, on the node in step").atMost(Duration.ofSeconds(20))
                    .until(() -> count("schedule_name LIKE 'clock\\_fives%' AND status <> 'SKIPPED' AND node_id = '"
                            + IN_STEP + "' AND scheduled_fire_time IN (" + fives + ")") == expected);
        }
        assertThat(noFireTimeRanTwice()).isTrue();
    }

    /** The node ahead shares this JVM: only its own clock is moved, which it compares and schedules by. */
    @Test
    void aNodeAheadSchedulesRunsOnItsPeersTimeAndFiresAgainOnceItsClockIsBack() throws Exception {
        schedule(db, "clock_ticks_0").cron("* * * * * ?").operation("noop", "{}").insert();
        schedule(db, "clock_manual").cron("0 0 1 1 *").operation("noop", "{}").insert();
        OrchestratorNode inStep = startInStep();
        OffsetClock clock = OffsetClock.fromNow();
        clock.advance(Duration.ofSeconds(30));
        OrchestratorNode ahead = cluster.start(AHEAD, settings -> { }, clock);
        assertThat(ahead.clockWatch().last()).hasValueSatisfying(reading -> assertThat(reading.standingDown()).isTrue());
        assertThat(ahead.scheduler().isStarted()).as("a node whose clock is off never starts firing").isFalse();
        assertThat(new SchedulerHealthCheck(ahead.scheduler(), ahead::firingHeldBecause).execute().getMessage())
                .isEqualTo("scheduler of node " + AHEAD + " is not started: its clock is off the database's (see the"
                        + " clock check)");
        assertThat(new ClusterView(IN_STEP, Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin()),
                inStep.service()).now().nodes())
                .as("the cluster as the API and the console show it").satisfiesExactly(
                        node -> {
                            assertThat(node.id()).isEqualTo(AHEAD);
                            assertThat(node.lastCheckin()).as("not checked in: it never started Quartz").isNull();
                            assertThat(node.clockOffsetMillis()).isBetween(29_000L, 31_000L);
                        },
                        node -> {
                            assertThat(node.id()).isEqualTo(IN_STEP);
                            assertThat(node.lastCheckin()).isNotNull();
                            assertThat(node.clockOffsetMillis()).isBetween(-500L, 500L);
                        });

        ahead.service().trigger("clock_manual", "tester", false);
        String requested = now();
        await("a run asked of the node ahead starts at once, on its peer").atMost(Duration.ofSeconds(15))
                .until(() -> count("trigger_kind = 'MANUAL'") == 1);
        assertThat(count("trigger_kind = 'MANUAL' AND started_at < '" + requested + "'::timestamptz"
                + " + INTERVAL '5 seconds' AND node_id = '" + IN_STEP + "'")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(-30));
        await().atMost(Duration.ofSeconds(15)).until(() -> ahead.scheduler().isStarted()
                && !ahead.scheduler().isInStandbyMode());
        inStep.stop();
        await("the node back in step fires again").atMost(Duration.ofSeconds(30))
                .until(() -> count("node_id = '" + AHEAD + "' AND trigger_kind = 'CRON'") > 0);
        assertThat(ahead.clockWatch().last()).hasValueSatisfying(reading -> assertThat(reading.isOff()).isFalse());
        assertThat(noFireTimeRanTwice()).isTrue();
    }

    private static int asAdmin(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", ApiClient.basic("admin", NodeProcess.ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private OrchestratorNode startInStep() throws Exception {
        OrchestratorNode node = cluster.start(IN_STEP);
        await().atMost(Duration.ofSeconds(30)).until(() -> offsetOf(IN_STEP) != null);
        return node;
    }

    private boolean noFireTimeRanTwice() {
        return "0".equals(scalar(db, "SELECT count(*) FROM (SELECT 1 FROM orchestrator.job_runs WHERE schedule_name"
                + " LIKE 'clock\\_%' AND status NOT IN ('SKIPPED', 'INTERRUPTED') AND trigger_kind <> 'MANUAL'"
                + " GROUP BY schedule_name, scheduled_fire_time HAVING count(*) > 1) twice"));
    }

    private String offsetOf(String node) {
        return scalar(db, "SELECT clock_offset_ms FROM orchestrator.node_incarnations WHERE node_id = '" + node
                + "' AND fenced_at IS NULL ORDER BY incarnation DESC LIMIT 1");
    }

    private String now() {
        return scalar(db, "SELECT clock_timestamp()");
    }

    private long count(String where) {
        return Long.parseLong(scalar(db, "SELECT count(*) FROM orchestrator.job_runs WHERE schedule_name LIKE"
                + " 'clock\\_%' AND (" + where + ")"));
    }
}
