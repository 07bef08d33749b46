package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.NodeProcess;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
 * A node process whose clock runs 30 s ahead (libfaketime, Debian's faketime package) beside a node
 * whose clock agrees with the database's: it stands down, so no fire time runs early or is taken
 * for misfired while its peer runs every one; once its clock is back it fires again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClockSkewIT {
    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
    private static final String AHEAD = "clock-ahead";
    private static final String IN_STEP = "clock-in-step";
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aNodeWhoseClockIsAheadFiresNothingUntilItIsBack(@TempDir Path dir) throws Exception {
        assumeThat(LIBFAKETIME).as("Debian's faketime package (apt-get install faketime)").exists();
        Path offset = dir.resolve("faketime");
        Files.writeString(offset, "+30s\n");
        for (int i = 0; i < 3; i++) { // every second: always acquired ahead; every 5 s: open to a misfire pass
            schedule(db, "clock_ticks_" + i).cron("* * * * * ?").operation("noop", "{}").insert();
            schedule(db, "clock_fives_" + i).cron("*/5 * * * * ?").operation("noop", "{}").insert();
        }
        cluster.start(IN_STEP);
        await().atMost(Duration.ofSeconds(30)).until(() -> offsetOf(IN_STEP) != null);

        try (NodeProcess ahead = NodeProcess.start(db, AHEAD, Map.of("LD_PRELOAD", LIBFAKETIME.toString(),
                "FAKETIME_TIMESTAMP_FILE", offset.toString(), "FAKETIME_CACHE_DURATION", "1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1"))) {
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

            Files.writeString(offset, "+0s\n");
            await("the node back in step fires again").atMost(Duration.ofSeconds(60))
                    .until(() -> count("node_id = '" + AHEAD + "'") > 0);
            assertThat(ahead.log()).contains("Node " + AHEAD + " fires again");
        }
        assertThat(count("scheduled_fire_time > clock_timestamp()")).isZero();
        assertThat(scalar(db, "SELECT count(*) FROM (SELECT 1 FROM orchestrator.job_runs WHERE schedule_name LIKE"
                + " 'clock\\_%' AND status NOT IN ('SKIPPED', 'INTERRUPTED')"
                + " GROUP BY schedule_name, scheduled_fire_time HAVING count(*) > 1) twice"))
                .as("no fire time ran twice").isEqualTo("0");
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
