package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.store.QuartzSchedulerBuilder;
import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;
import org.jdbi.v3.core.JdbiException;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;

/** A node's attempt outcomes written in groups, on the real PostgreSQL. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutcomeBatcherIT extends OutcomeBatcherFixture {

    /**
     * Holds the row of {@code blocker}'s schedule so that the writer's statement for it waits, hands
     * the others over meanwhile, then lets it go.
     */
    private List<CompletableFuture<Optional<Integer>>> whileTheWriterWaits(Finish blocker, List<Finish> others)
            throws Exception {
        List<CompletableFuture<Optional<Integer>>> results = new ArrayList<>();
        try (Connection lock = lockScheduleRow(blocker.schedule())) {
            results.add(handOver(blocker));
            awaitWriterBlocked();
            others.forEach(f -> results.add(handOver(f)));
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == others.size());
            lock.rollback();
        }
        return results;
    }

    @Test
    void outcomesHandedOverWhileAGroupIsWrittenAreWrittenTogetherAndEachWorkerLearnsItsFailureCount() throws Exception {
        start();
        long first = running("first", 1);
        List<Finish> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(finish(running("succeeds_" + i, 1), "succeeds_" + i, "SUCCESS", false, "{\"rows\": " + i + "}", null));
            others.add(finish(running("fails_" + i, 1), "fails_" + i, "FAILED", true, null, null));
        }

        List<CompletableFuture<Optional<Integer>>> results =
                whileTheWriterWaits(finish(first, "first", "SUCCESS", false, null, null), others);

        assertThat(results.get(0).get(10, TimeUnit.SECONDS)).contains(0);
        for (int i = 1; i < results.size(); i++) {
            Finish f = others.get(i - 1);
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).as(f.schedule())
                    .contains(f.status().equals("SUCCESS") ? 0 : 2);
            assertThat(runs(db, f.schedule())).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(f.status()));
            assertThat(scalar(db, "SELECT last_status || ' ' || consecutive_failures || ' ' || (next_run = TIMESTAMPTZ '2026-11-26 03:01:00Z')"
                    + " FROM orchestrator.maintenance_schedules WHERE operation_name = '" + f.schedule() + "'"))
                    .isEqualTo(f.status() + " " + (f.status().equals("SUCCESS") ? 0 : 2) + " true");
        }
        assertThat(scalar(db, "SELECT result->>'rows' FROM orchestrator.job_runs WHERE schedule_name = 'succeeds_3'"))
                .isEqualTo("3");
        assertThat(batcher.counts()).as("groups, outcomes: the eight handed over meanwhile share one statement")
                .containsExactly(2, 9);
    }

    @Test
    void theFiredTriggerRowOfAnAttemptWithNothingLeftToDoGoesWithItsRecord() throws Exception {
        start();
        long id = running("with_fired_row", 0);
        db.execute("INSERT INTO orchestrator.qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
                + " instance_name, fired_time, sched_time, priority, state) VALUES ('"
                + QuartzSchedulerBuilder.INSTANCE_NAME + "', 'entry-1', 'with_fired_row', 'schedules', 'node-outcomes',"
                + " 0, 0, 5, 'EXECUTING')");

        assertThat(batcher.record(finish(id, "with_fired_row", "SUCCESS", false, null, "entry-1"))).contains(0);

        assertThat(scalar(db, "SELECT count(*) FROM orchestrator.qrtz_fired_triggers WHERE entry_id = 'entry-1'"))
                .isEqualTo("0");
    }

    @Test
    void aBadOutcomeFailsOnlyItsOwnAttemptEvenInAGroup() throws Exception {
        start();
        long first = running("first", 0);
        Finish bad = finish(running("bad_result", 0), "bad_result", "SUCCESS", false, "{not json", null);
        Finish good = finish(running("good_result", 0), "good_result", "SUCCESS", false, "{}", null);

        List<CompletableFuture<Optional<Integer>>> results =
                whileTheWriterWaits(finish(first, "first", "SUCCESS", false, null, null), List.of(bad, good));

        assertThat(results.get(0).get(10, TimeUnit.SECONDS)).contains(0);
        assertThatThrownBy(() -> results.get(1).join()).hasCauseInstanceOf(JdbiException.class);
        assertThat(results.get(2).get(10, TimeUnit.SECONDS)).contains(0);
        assertThat(runs(db, "bad_result")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("RUNNING"));
        assertThat(runs(db, "good_result")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("SUCCESS"));
    }

    @Test
    void anOutcomeHandedOverForLaterReturnsAtOnceAndIsWrittenWithTheNextGroup() throws Exception {
        start();
        long first = running("first", 0);
        long later = running("later", 4);

        try (Connection lock = lockScheduleRow("first")) {
            CompletableFuture<Optional<Integer>> waiting = handOver(finish(first, "first", "SUCCESS", false, null, null));
            awaitWriterBlocked();

            batcher.recordLater(finish(later, "later", "SUCCESS", false, null, null));
            assertThat(runs(db, "later")).as("returned before its write").singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("RUNNING"));
            assertThat(waiting).isNotDone();
            lock.rollback();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(0);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "later").get(0).status().equals("SUCCESS"));
        assertThat(scalar(db, "SELECT consecutive_failures FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'later'")).isEqualTo("0");
    }

    @Test
    @NeedsServer(ServerNeed.STOP_AND_START)
    void anOutcomeHandedOverForLaterIsWrittenOnceTheDatabaseIsBack() throws Exception {
        start();
        long id = running("through_a_restart", 0);
        Thread restart = new Thread(() -> {
            try {
                db.restart(Duration.ofSeconds(2));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        restart.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !isUp());

        batcher.recordLater(finish(id, "through_a_restart", "SKIPPED", false, null, null));
        restart.join();

        await().atMost(Duration.ofSeconds(20)).until(() -> runs(db, "through_a_restart").get(0).status().equals("SKIPPED"));
    }

    private boolean isUp() {
        try (Connection c = db.dataSource().getConnection()) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void anOutcomeRecordedTwiceIsWrittenOnce() {
        start();
        long id = running("twice", 2);

        assertThat(batcher.record(finish(id, "twice", "FAILED", true, null, null))).contains(3);
        assertThat(batcher.record(finish(id, "twice", "FAILED", true, null, null)))
                .as("already recorded: nothing written, the count not added to again").isEmpty();

        assertThat(scalar(db, "SELECT consecutive_failures FROM orchestrator.maintenance_schedules"
                + " WHERE operation_name = 'twice'")).isEqualTo("3");
    }

    @Test
    void beforeStartAndAfterStopEachWorkerWritesItsOwnOutcome() throws Exception {
        long before = running("before_start", 0);
        assertThat(batcher.record(finish(before, "before_start", "SUCCESS", false, null, null))).contains(0);
        long beforeLater = running("before_start_later", 0);
        batcher.recordLater(finish(beforeLater, "before_start_later", "SUCCESS", false, null, null));
        assertThat(runs(db, "before_start_later")).as("written before it returned").singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo("SUCCESS"));

        start();
        batcher.stop(Duration.ofSeconds(10));
        long after = running("after_stop", 0);
        assertThat(batcher.record(finish(after, "after_stop", "TIMEOUT", true, null, null))).contains(1);

        assertThat(batcher.counts()).as("nothing went through the writer").containsExactly(0, 0);
        assertThat(runs(db, "after_stop")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("TIMEOUT"));
    }
}
