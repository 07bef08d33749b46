package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.db.AttemptRecords;
import org.guardian.orchestrator.db.AttemptRecords.Finish;
import org.guardian.orchestrator.metrics.BacklogGauges;
import org.guardian.orchestrator.metrics.MetricNames;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.TestTicker;
import org.jdbi.v3.core.Jdbi;
import com.codahale.metrics.MetricRegistry;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.runs;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/** A node's attempt outcomes written in groups, on the real PostgreSQL. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutcomeBatcherIT {
    private static final Instant FIRE = Instant.parse("2026-11-26T03:00:00Z");
    private final TestDatabase db = TestDatabase.get();
    private AttemptRecords records;
    private OutcomeBatcher batcher;
    private final ExecutorService workers = Executors.newCachedThreadPool();

    private static final String WRITER = "test-outcomes";
    private final TestTicker ticker = new TestTicker();
    private final LoopProgress progress = new LoopProgress("outcome writer", Duration.ofSeconds(30), ticker);
    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    /** Once set, the next connection the batcher asks for fails with this instead. */
    private final AtomicReference<Error> nextConnectionFails = new AtomicReference<>();

    @BeforeEach
    void reset() {
        db.resetOrchestrator();
        records = new AttemptRecords(Jdbi.create(failingOnce(db.dataSource(), nextConnectionFails)),
                QuartzSchedulerBuilder.INSTANCE_NAME, db.registerIncarnation("node-outcomes"));
        batcher = new OutcomeBatcher(records, Duration.ofMinutes(1), OutcomeBatcher.CAPACITY, WRITER);
    }

    private void start() {
        batcher.start(progress, deaths::add);
        progress.running();
    }

    private static DataSource failingOnce(DataSource real, AtomicReference<Error> next) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Error error = method.getName().equals("getConnection") ? next.getAndSet(null) : null;
                    if (error != null) {
                        throw error;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void stop() throws InterruptedException {
        batcher.stop(Duration.ofSeconds(10));
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private long running(String name, int consecutiveFailures) {
        schedule(db, name).cron("0 * * * * ?").operation("noop", "{}").insert();
        db.execute("UPDATE orchestrator.maintenance_schedules SET consecutive_failures = " + consecutiveFailures
                + " WHERE operation_name = '" + name + "'");
        return records.claim(name, "noop", "CRON", FIRE, FIRE, 1, "node-outcomes", null).orElseThrow();
    }

    private static Finish finish(long runId, String schedule, String status, boolean finalFailure, String result,
                                 String firedRow) {
        return new Finish(runId, schedule, status, FIRE.plusMillis(5), FIRE.plusMillis(25), 20, 0,
                status.equals("SUCCESS") ? null : "it failed", result, FIRE.plusSeconds(60), finalFailure, firedRow);
    }

    private CompletableFuture<Optional<Integer>> handOver(Finish finish) {
        return CompletableFuture.supplyAsync(() -> batcher.record(finish), workers);
    }

    /**
     * Holds the row of {@code blocker}'s schedule so that the writer's statement for it waits, hands
     * the others over meanwhile, then lets it go.
     */
    private List<CompletableFuture<Optional<Integer>>> whileTheWriterWaits(Finish blocker, List<Finish> others)
            throws Exception {
        List<CompletableFuture<Optional<Integer>>> results = new ArrayList<>();
        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT 1 FROM orchestrator.maintenance_schedules WHERE operation_name = '"
                    + blocker.schedule() + "' FOR UPDATE");
            results.add(handOver(blocker));
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db, "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE 'WITH I AS%'")));
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

        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT 1 FROM orchestrator.maintenance_schedules"
                    + " WHERE operation_name = 'first' FOR UPDATE");
            CompletableFuture<Optional<Integer>> waiting = handOver(finish(first, "first", "SUCCESS", false, null, null));
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db, "SELECT count(*)"
                    + " FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH I AS%'")));

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

        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT 1 FROM orchestrator.maintenance_schedules"
                    + " WHERE operation_name = 'locked_row' FOR UPDATE");
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
        assertThat(runs(db, "detached").get(0).status()).as("written by the dying thread").isEqualTo("SUCCESS");
        assertThat(batcher.record(finish(awaited, "awaited", "FAILED", true, null, null)))
                .as("its worker writes it itself").contains(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.status().state() == LoopProgress.State.DEAD);
    }

    private Connection lockScheduleRow(String schedule) throws Exception {
        Connection lock = db.dataSource().getConnection();
        lock.setAutoCommit(false);
        lock.createStatement().execute("SELECT 1 FROM orchestrator.maintenance_schedules WHERE operation_name = '"
                + schedule + "' FOR UPDATE");
        return lock;
    }

    private void awaitWriterBlocked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db, "SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND query LIKE 'WITH I AS%'")));
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
