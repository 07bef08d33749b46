package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.LoopProgress;
import com.codahale.metrics.MetricRegistry;
import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;
import org.guardian.orchestrator.metrics.BacklogGauges;
import org.guardian.orchestrator.metrics.MetricNames;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;

/**
 * The outcome writer under faults, on the real PostgreSQL: an Error in a write, a writer blocked
 * behind a row lock, a full queue, a writer whose thread dies.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutcomeBatcherFaultsIT extends OutcomeBatcherFixture {

    @Test
    void aWriterHitByAnErrorFailsThatOutcomeLikeADatabaseErrorAndKeepsWritingTheNextOnes() throws Exception {
        start();
        long hit = running("hit_by_error", 0);
        long next = running("next_waited", 0);
        long later = running("next_detached", 0);

        nextConnectionFails.set(new Error("simulated: an Error while writing a group"));
        CompletableFuture<Optional<Integer>> failed = handOver(finish(hit, "hit_by_error", "FAILED", true, null, null));

        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(JdbiException.class).hasRootCauseMessage("simulated: an Error while writing a group");
        assertThat(handOver(finish(next, "next_waited", "FAILED", true, null, null)).get(10, TimeUnit.SECONDS))
                .contains(1);
        batcher.recordLater(finish(later, "next_detached", "SUCCESS", false, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "next_detached").get(0).status().equals("SUCCESS"));
        assertThat(runs(db, "hit_by_error")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("RUNNING"));
    }

    @Test
    void aWorkerWaitingForItsRecordFailsLikeADatabaseErrorOnceItsPatienceIsOver() throws Exception {
        batcher = new OutcomeBatcher(records, Duration.ofSeconds(2), OutcomeBatcher.CAPACITY, WRITER);
        start();
        long id = running("locked_row", 0);

        try (Connection lock = lockScheduleRow("locked_row")) {
            CompletableFuture<Optional<Integer>> waiting = handOver(finish(id, "locked_row", "FAILED", true, null, null));

            await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
            assertThatThrownBy(waiting::join).hasCauseInstanceOf(JdbiException.class);
            lock.rollback();
        }
    }

    @Test
    void aWorkerFindingTheQueueFullWritesItsOwnOutcome() throws Exception {
        batcher = new OutcomeBatcher(records, Duration.ofMinutes(1), 1, WRITER);
        start();
        long blocker = running("blocker", 0);
        long queued = running("queued", 0);
        long own = running("writes_its_own", 0);

        try (Connection lock = lockScheduleRow("blocker")) {
            CompletableFuture<Optional<Integer>> first = handOver(finish(blocker, "blocker", "SUCCESS", false, null, null));
            awaitWriterBlocked();
            batcher.recordLater(finish(queued, "queued", "SUCCESS", false, null, null));
            assertThat(batcher.queued()).isEqualTo(1);

            CompletableFuture<Optional<Integer>> full = batcher.recordLater(finish(own, "writes_its_own", "SUCCESS",
                    false, null, null));

            assertThat(full).as("written by its worker before it returned").isCompletedWithValue(Optional.of(0));
            assertThat(runs(db, "writes_its_own").get(0).status()).isEqualTo("SUCCESS");
            assertThat(runs(db, "queued").get(0).status()).isEqualTo("RUNNING");
            lock.rollback();
            assertThat(first.get(10, TimeUnit.SECONDS)).contains(0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runs(db, "queued").get(0).status().equals("SUCCESS"));
    }

    @Test
    void theQueuedOutcomesGaugeFollowsTheQueue() throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        BacklogGauges.register(metrics, batcher::queued, () -> 0);
        start();
        long blocker = running("blocker", 0);
        List<Finish> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(finish(running("queued_" + i, 0), "queued_" + i, "SUCCESS", false, null, null));
        }

        try (Connection lock = lockScheduleRow("blocker")) {
            handOver(finish(blocker, "blocker", "SUCCESS", false, null, null));
            awaitWriterBlocked();
            for (Finish f : others) {
                batcher.recordLater(f);
            }
            assertThat(queuedGauge(metrics)).isEqualTo(3);
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queuedGauge(metrics) == 0);
    }

    private static int queuedGauge(MetricRegistry metrics) {
        return (Integer) metrics.getGauges().get(MetricNames.OUTCOMES_QUEUED).getValue();
    }

    @Test
    void aWriterWhoseThreadDiesHandsItsOutcomesBackAndItsWorkersWriteThem() throws Exception {
        start();
        long blocker = running("blocker", 0);
        long awaited = running("awaited", 2);
        long detached = running("detached", 0);

        try (Connection lock = lockScheduleRow("blocker")) {
            CompletableFuture<Optional<Integer>> first = handOver(finish(blocker, "blocker", "SUCCESS", false, null, null));
            awaitWriterBlocked();
            CompletableFuture<Optional<Integer>> handedBack = handOver(finish(awaited, "awaited", "FAILED", true, null,
                    null));
            batcher.recordLater(finish(detached, "detached", "SUCCESS", false, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == 2);
            // the writer's next round, once this group is written, dies of an Error its loop does not guard
            ticker.failNextTickOf(WRITER, new Error("simulated: the writer's thread dies"));
            lock.rollback();
            assertThat(first.get(10, TimeUnit.SECONDS)).contains(0);

            assertThatThrownBy(() -> handedBack.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JdbiException.class)
                    .hasRootCauseMessage("simulated: the writer's thread dies");
        }
        assertThat(deaths).singleElement().satisfies(e -> assertThat(e).hasMessage("simulated: the writer's thread dies"));
        await("written by the dying thread").atMost(Duration.ofSeconds(10))
                .until(() -> runs(db, "detached").get(0).status().equals("SUCCESS"));
        assertThat(batcher.record(finish(awaited, "awaited", "FAILED", true, null, null)))
                .as("its worker writes it itself").contains(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.status().state() == LoopProgress.State.DEAD);
    }
}
