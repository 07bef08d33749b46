package org.guardian.orchestrator.scheduler.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * After a promotion to an asynchronous standby that lacked an attempt's row, the new primary's
 * sequence may hand that run id to another attempt: the outcome of the first, still held by its
 * node, must not end the second.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RunIdReuseIT extends OutcomeBatcherFixture {

    @Test
    void anOutcomeDoesNotEndAnotherNodesAttemptThatWasGivenTheSameRunId() throws Exception {
        start();
        long lost = running("lost_with_the_primary", 0);
        schedule(db, "given_the_id_again").cron("0 * * * * ?").operation("noop", "{}").insert();
        long otherNode = db.registerIncarnation("node-other");
        reissue(lost, "given_the_id_again", FIRE.plusSeconds(60), otherNode);

        assertThat(handOver(finish(lost, "lost_with_the_primary", "SUCCESS", false, null, null))
                .get(10, TimeUnit.SECONDS)).isEmpty();

        assertThat(runs(db, "given_the_id_again")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo("RUNNING"));
    }

    @Test
    void anOutcomeDoesNotEndTheNextFireOfItsOwnScheduleThatWasGivenTheSameRunId() throws Exception {
        start();
        long lost = running("fires_again", 0);
        reissue(lost, "fires_again", FIRE.plusSeconds(60), incarnation);

        assertThat(handOver(finish(lost, "fires_again", "FAILED", true, null, null))
                .get(10, TimeUnit.SECONDS)).isEmpty();

        assertThat(runs(db, "fires_again")).singleElement().satisfies(r -> {
            assertThat(r.fireTime()).isEqualTo(FIRE.plusSeconds(60));
            assertThat(r.status()).isEqualTo("RUNNING");
        });
        assertThat(scalar(db, "SELECT consecutive_failures FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'fires_again'")).isEqualTo("0");
    }

    /** What the promoted standby holds: no row of the lost attempt, its id on another RUNNING attempt. */
    private void reissue(long runId, String schedule, Instant fireTime, long byIncarnation) {
        db.execute("DELETE FROM orchestrator.job_runs WHERE id = " + runId);
        db.execute("INSERT INTO orchestrator.job_runs (id, schedule_name, operation, trigger_kind, scheduled_fire_time,"
                + " started_at, status, attempt, node_id, incarnation) VALUES (" + runId + ", '" + schedule
                + "', 'noop', 'CRON', '" + fireTime + "', now(), 'RUNNING', 1, 'node-x', " + byIncarnation + ")");
    }
}
