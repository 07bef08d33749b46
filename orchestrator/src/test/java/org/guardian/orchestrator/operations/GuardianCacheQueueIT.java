package org.guardian.orchestrator.operations;

import org.guardian.jobs.OperationResult;
import org.guardian.jobs.guardian.ProcessCacheInvalidationQueue;
import org.junit.jupiter.api.Test;
import org.postgresql.core.TransactionState;
import org.postgresql.jdbc.PgConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardianCacheQueueIT {
    private static final String CACHE_MISMATCHES = """
            SELECT COUNT(*) FROM public.patients p LEFT JOIN public.user_dashboard_cache c ON c.patient_id = p.id
             WHERE c.patient_id IS NULL
                OR c.active_medications_count <> (SELECT COUNT(*) FROM public.patient_medications m
                       WHERE m.patient_id = p.id AND NOT m.archived AND m.status = 'active')
                OR c.active_conditions_count <> (SELECT COUNT(*) FROM public.patient_conditions x
                       WHERE x.patient_id = p.id AND NOT x.archived AND x.status IN ('active', 'chronic'))
                OR c.total_documents_count <> (SELECT COUNT(*) FROM public.documents d WHERE d.user_id = p.id AND NOT d.archived)
                OR c.total_relationships_count <> (SELECT COUNT(*) FROM public.medical_data_relationships r
                       WHERE r.patient_id = p.id AND NOT r.archived)""";

    private final GuardianFixture fixture = new GuardianFixture();
    private final ProcessCacheInvalidationQueue operation = new ProcessCacheInvalidationQueue();

    @Test
    void refreshesEveryQueuedPatientsDashboardAndEmptiesTheQueue() throws Exception {
        fixture.withPatients(200);

        OperationResult result = fixture.run(operation, Map.of("batch_size", 50, "max_batch_time_seconds", 600));

        assertThat(result.values()).containsEntry("patients_refreshed", 200L).containsEntry("batches", 4)
                .containsEntry("queue_remaining", 0L);
        assertThat(fixture.count(CACHE_MISMATCHES)).isZero();
    }

    @Test
    void seedDefect_userIdComparedWithItself_documentCountIsThePatientsOwn() throws Exception {
        fixture.withPatients(50);

        fixture.run(operation, Map.of());

        assertThat(fixture.count("SELECT COUNT(*) FROM public.user_dashboard_cache c WHERE c.total_documents_count <>"
                + " (SELECT COUNT(*) FROM public.documents d WHERE d.user_id = c.patient_id AND NOT d.archived)")).isZero();
        assertThat(fixture.count("SELECT MAX(total_documents_count) FROM public.user_dashboard_cache"))
                .isLessThan(fixture.count("SELECT COUNT(*) FROM public.documents"));
    }

    @Test
    void startsNoNewBatchOnceTheTimeBudgetIsSpent() throws Exception {
        fixture.withPatients(30);

        OperationResult result = fixture.run(operation, Map.of("batch_size", 10, "max_batch_time_seconds", 25),
                new SteppingClock(Duration.ofSeconds(30)));

        assertThat(result.values()).containsEntry("batches", 1).containsEntry("patients_refreshed", 10L)
                .containsEntry("budget_exhausted", true).containsEntry("queue_remaining", 20L);
    }

    @Test
    void twoProcessorsRacingRefreshEachPatientExactlyOnce() throws Exception {
        fixture.withPatients(300);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<OperationResult>> runs = List.of(pool.submit(() -> {
                start.await();
                return fixture.run(operation, Map.of("batch_size", 10));
            }), pool.submit(() -> {
                start.await();
                return fixture.run(operation, Map.of("batch_size", 10));
            }));
            start.countDown();
            long refreshed = 0;
            for (Future<OperationResult> run : runs) {
                refreshed += (Long) run.get(60, TimeUnit.SECONDS).values().get("patients_refreshed");
            }
            assertThat(refreshed).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM public.user_dashboard_cache WHERE cache_version = 1")).isEqualTo(300);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.cache_invalidation_queue")).isZero();
    }

    @Test
    void seedDefect_invalidationRequeuedDuringRefreshWasDeleted_itSurvives() throws Exception {
        fixture.withPatients(20);
        String patient = firstPatient();
        // One batch only (the budget is spent after it), so the re-queued row is left for the next run.
        try (TestOperationContext context = fixture.context(operation, Map.of(), new SteppingClock(Duration.ofSeconds(30)));
             StatementGate gate = StatementGate.close(fixture.db, "user_dashboard_cache");
             Connection writer = fixture.db.dataSource().getConnection()) {
            long processorPid = StatementGate.backendPid(context.connection());
            long writerPid = StatementGate.backendPid(writer);
            CompletableFuture<OperationResult> processing = CompletableFuture.supplyAsync(() -> execute(context));
            gate.awaitWaiting(processorPid);

            CompletableFuture<Integer> requeue = CompletableFuture.supplyAsync(() -> update(writer,
                    "UPDATE public.patient_medications SET status = 'stopped' WHERE patient_id = '" + patient + "'"
                            + " AND status = 'active'"));
            StatementGate.awaitBlocked(fixture.db, writerPid, null);
            gate.open();
            processing.get(30, TimeUnit.SECONDS);
            requeue.get(30, TimeUnit.SECONDS);
        }

        assertThat(fixture.count("SELECT COUNT(*) FROM public.cache_invalidation_queue WHERE patient_id = '" + patient + "'"))
                .isEqualTo(1);
        fixture.run(operation, Map.of());
        assertThat(fixture.count(CACHE_MISMATCHES)).isZero();
    }

    @Test
    void cancelledMidBatchLeavesQueueAndCacheUntouchedAndNoOpenTransaction() throws Exception {
        fixture.withPatients(40);
        TestOperationContext context = fixture.context(operation, Map.of("batch_size", 100), Clock.systemUTC());
        try (context; StatementGate gate = StatementGate.close(fixture.db, "user_dashboard_cache")) {
            long pid = StatementGate.backendPid(context.connection());
            CompletableFuture<OperationResult> processing = CompletableFuture.supplyAsync(() -> execute(context));
            gate.awaitWaiting(pid);

            context.cancel();
            fixture.execute("SELECT pg_cancel_backend(" + pid + ")");

            assertThatThrownBy(() -> processing.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SQLException.class);
            assertThat(context.connection().getAutoCommit()).isTrue();
            assertThat(context.connection().unwrap(PgConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM public.cache_invalidation_queue")).isEqualTo(40);
        assertThat(fixture.count("SELECT COUNT(*) FROM public.user_dashboard_cache")).isZero();
    }

    private String firstPatient() {
        try (Connection c = fixture.db.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT patient_id FROM public.patient_medications WHERE status = 'active' LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private OperationResult execute(TestOperationContext context) {
        try {
            return operation.execute(context);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int update(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A clock that moves forward by a fixed step every time it is read. */
    static final class SteppingClock extends Clock {
        private final Duration step;
        private Instant now = Instant.parse("2026-06-15T10:00:00Z");

        SteppingClock(Duration step) {
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }
    }
}
