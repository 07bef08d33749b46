package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.testing.QuietCron;
import org.guardian.orchestrator.testing.ScheduleRows.RunRow;
import org.guardian.orchestrator.testing.TestCluster;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * What a standby promoted 2 s behind the old primary leaves (ops/bench/failover.sh async-lag), written
 * directly on one server: a trigger ACQUIRED by a node that is alive, under an acquisition it fired
 * after the standby's last commit and so no longer knows, while the acquisition it does hold is gone;
 * an attempt RUNNING and its fired row EXECUTING, whose outcome (which deletes that row) was lost.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LostFireIT {
    private final TestDatabase db = TestDatabase.get();
    @RegisterExtension
    final TestCluster cluster = new TestCluster(db);

    @Test
    void aTriggerLeftAcquiredByALiveNodeUnderAnAcquisitionItNoLongerHoldsFiresAgain() throws Exception {
        schedule(db, "tick").cron("* * * * * ?").operation("noop", "{}").insert();
        cluster.start("node-a");
        cluster.start("node-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> runs(db, "tick").size() >= 2);

        Instant rolledBackTo = rollBackToAnAcquisitionOf("node-a");

        await("the schedule fires again").atMost(Duration.ofSeconds(10)).until(() -> runs(db, "tick").stream()
                .anyMatch(r -> !r.fireTime().isBefore(rolledBackTo)));
        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_fired_triggers WHERE entry_id = 'lost'"))
                .as("the lost acquisition was freed").isEqualTo("0");
        List<RunRow> all = runs(db, "tick");
        assertThat(all).extracting(RunRow::fireTime).doesNotHaveDuplicates();
        assertThat(cluster.fenced()).as("no live node fenced").isEmpty();
    }

    @Test
    void anAttemptWhoseOutcomeWasLostRunsOnceMoreAndNotAgainWhenItsNodeRestarts() throws Exception {
        int hour = QuietCron.hour(); // one reading: the cron and yesterday's fire time agree across an hour's turn
        schedule(db, "nightly").cron(QuietCron.dailyAt(hour)).operation("noop", "{}").insert();
        OrchestratorNode node = cluster.start("node-a");
        Instant fireTime = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(1).withHour(hour)
                .toInstant();
        leaveALostAttempt("nightly", fireTime, node);

        await("the stranded attempt run again").atMost(Duration.ofSeconds(30)).until(() -> runs(db, "nightly").stream()
                .anyMatch(r -> r.attempt() == 2 && r.status().equals("SUCCESS")));
        assertThat(firedRows("lost-exec")).as("left until its node restarts").isEqualTo("1");

        cluster.stop(node);
        cluster.start("node-a");
        await("the lost fire recovered and done").atMost(Duration.ofSeconds(30)).until(() ->
                firedRows("lost-exec").equals("0") && scalar(db, "SELECT count(*) FROM orchestrator.qrtz_triggers"
                        + " WHERE job_name = 'nightly' AND trigger_group <> 'schedules'").equals("0")
                        && scalar(db, "SELECT count(*) FROM orchestrator.qrtz_fired_triggers"
                        + " WHERE job_name = 'nightly'").equals("0"));
        assertThat(runs(db, "nightly")).as("its recovery found the attempt already run again")
                .extracting(r -> r.fireTime() + "#" + r.attempt() + "=" + r.status())
                .containsExactly(fireTime + "#1=INTERRUPTED", fireTime + "#2=SUCCESS");
    }

    /** The claim of a fire of {@code node} and its fired row EXECUTING, without the outcome that ends both. */
    private void leaveALostAttempt(String schedule, Instant fireTime, OrchestratorNode node) throws Exception {
        try (Connection conn = db.dataSource().getConnection(); Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);
            st.execute("INSERT INTO orchestrator.job_runs (schedule_name, operation, trigger_kind, scheduled_fire_time,"
                    + " started_at, status, attempt, node_id, incarnation) VALUES ('" + schedule + "', 'noop', 'CRON', '"
                    + fireTime + "', now(), 'RUNNING', 1, '" + node.nodeId() + "', "
                    + node.liveness().identity().incarnation() + ")");
            st.execute("INSERT INTO orchestrator.qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
                    + " instance_name, fired_time, sched_time, priority, state, job_name, job_group, is_nonconcurrent,"
                    + " requests_recovery) SELECT sched_name, 'lost-exec', trigger_name, trigger_group, '" + node.nodeId()
                    + "', " + fireTime.toEpochMilli() + ", " + fireTime.toEpochMilli() + ", priority, 'EXECUTING',"
                    + " job_name, job_group, FALSE, TRUE FROM orchestrator.qrtz_triggers WHERE job_name = '" + schedule
                    + "' AND trigger_group = 'schedules'");
            conn.commit();
        }
    }

    private String firedRows(String entryId) {
        return scalar(db, "SELECT count(*) FROM orchestrator.qrtz_fired_triggers WHERE entry_id = '" + entryId + "'");
    }

    /**
     * With the trigger row locked (no fire in between): every acquisition of the trigger deleted, the
     * trigger ACQUIRED under entry {@code lost} of {@code node} for its next fire time, which it returns.
     */
    private Instant rollBackToAnAcquisitionOf(String node) throws Exception {
        try (Connection conn = db.dataSource().getConnection(); Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);
            long nextFire;
            try (ResultSet rs = st.executeQuery("SELECT next_fire_time FROM orchestrator.qrtz_triggers"
                    + " WHERE job_name = 'tick' AND trigger_group = 'schedules' FOR UPDATE")) {
                rs.next();
                nextFire = rs.getLong(1);
            }
            st.execute("DELETE FROM orchestrator.qrtz_fired_triggers WHERE state = 'ACQUIRED' AND trigger_name IN"
                    + " (SELECT trigger_name FROM orchestrator.qrtz_triggers WHERE job_name = 'tick')");
            st.execute("UPDATE orchestrator.qrtz_triggers SET trigger_state = 'ACQUIRED'"
                    + " WHERE job_name = 'tick' AND trigger_group = 'schedules'");
            st.execute("INSERT INTO orchestrator.qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
                    + " instance_name, fired_time, sched_time, priority, state, is_nonconcurrent, requests_recovery)"
                    + " SELECT sched_name, 'lost', trigger_name, trigger_group, '" + node + "',"
                    + " (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint, next_fire_time, priority, 'ACQUIRED',"
                    + " FALSE, FALSE FROM orchestrator.qrtz_triggers WHERE job_name = 'tick' AND trigger_group = 'schedules'");
            conn.commit();
            return Instant.ofEpochMilli(nextFire);
        }
    }
}
