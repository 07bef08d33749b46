package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.scheduler.store.QuartzSchedulerBuilder;
import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.TestTicker;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.guardian.orchestrator.testing.ScheduleRows.scalar;
import static org.guardian.orchestrator.testing.ScheduleRows.schedule;

/**
 * An {@link OutcomeBatcher} on the real PostgreSQL, emptied before each test, and what its tests
 * share: attempts claimed RUNNING, their outcomes, workers handing them over, a writer held behind a
 * row lock, an Error for the writer's next connection.
 */
abstract class OutcomeBatcherFixture {
    static final Instant FIRE = Instant.parse("2026-11-26T03:00:00Z");
    final TestDatabase db = TestDatabase.get();
    AttemptRecords records;
    /** The incarnation the attempts are claimed and ended by. */
    long incarnation;
    OutcomeBatcher batcher;
    private final ExecutorService workers = Executors.newCachedThreadPool();

    static final String WRITER = "test-outcomes";
    final TestTicker ticker = new TestTicker();
    final LoopProgress progress = new LoopProgress("outcome writer", Duration.ofSeconds(30), ticker);
    final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    /** Once set, the next connection the batcher asks for fails with this instead. */
    final AtomicReference<Error> nextConnectionFails = new AtomicReference<>();

    @BeforeEach
    void reset() {
        db.resetOrchestrator();
        incarnation = db.registerIncarnation("node-outcomes");
        records = new AttemptRecords(Jdbi.create(failingOnce(db.dataSource(), nextConnectionFails)),
                QuartzSchedulerBuilder.INSTANCE_NAME, incarnation);
        batcher = new OutcomeBatcher(records, Duration.ofMinutes(1), OutcomeBatcher.CAPACITY, WRITER);
    }

    void start() {
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

    long running(String name, int consecutiveFailures) {
        schedule(db, name).cron("0 * * * * ?").operation("noop", "{}").insert();
        db.execute("UPDATE orchestrator.maintenance_schedules SET consecutive_failures = " + consecutiveFailures
                + " WHERE operation_name = '" + name + "'");
        return records.claim(name, "noop", "CRON", FIRE, FIRE, 1, "node-outcomes", null).orElseThrow();
    }

    static Finish finish(long runId, String schedule, String status, boolean finalFailure, String result,
                                 String firedRow) {
        return new Finish(runId, schedule, FIRE, status, FIRE.plusMillis(5), FIRE.plusMillis(25), 20, 0,
                status.equals("SUCCESS") ? null : "it failed", result, FIRE.plusSeconds(60), finalFailure, firedRow);
    }

    CompletableFuture<Optional<Integer>> handOver(Finish finish) {
        return CompletableFuture.supplyAsync(() -> batcher.record(finish), workers);
    }

    /** Holds the row of a schedule, so that the writer's statement for it waits. */
    Connection lockScheduleRow(String schedule) throws Exception {
        Connection lock = db.dataSource().getConnection();
        lock.setAutoCommit(false);
        lock.createStatement().execute("SELECT 1 FROM orchestrator.maintenance_schedules WHERE operation_name = '"
                + schedule + "' FOR UPDATE");
        return lock;
    }

    void awaitWriterBlocked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(scalar(db, "SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND query LIKE 'WITH I AS%'")));
    }
}
