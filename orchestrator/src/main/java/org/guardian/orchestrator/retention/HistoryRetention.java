package org.guardian.orchestrator.retention;

import org.guardian.orchestrator.core.DaemonThreads;
import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.config.RetentionSettings;
import org.guardian.orchestrator.db.AdvisoryLocks;
import org.guardian.orchestrator.db.ChangeDao;
import org.guardian.orchestrator.db.RunDao;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps run history and the change audit bounded. Every interval one node of the cluster at a time
 * (a session advisory lock) walks {@code job_runs} by id from the oldest, deleting in small batches,
 * each its own short statement, the runs past the runs retention but each schedule's latest ones;
 * then the audit rows past theirs. Nothing the hot path writes or locks is touched: only finished runs.
 */
public final class HistoryRetention implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);

    /** What one pass removed. */
    public record Removed(long runs, long changes) {
    }

    private final FailureStreak failing = new FailureStreak(LOG, "The retention pass");
    private final Jdbi jdbi;
    private final RetentionSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-retention"));

    public HistoryRetention(Jdbi jdbi, RetentionSettings settings, Clock clock) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void start() {
        long period = settings.getInterval().toMillis();
        thread.scheduleWithFixedDelay(this::passQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        thread.shutdownNow();
    }

    private void passQuietly() {
        try {
            pass().filter(r -> r.runs() + r.changes() > 0).ifPresent(r ->
                    LOG.info("Retention removed {} runs and {} audit rows", r.runs(), r.changes()));
            failing.succeeded();
        } catch (Throwable t) {
            failing.failed(t);
        }
    }

    /** One pass; empty when another node is making one. */
    public Optional<Removed> pass() {
        try (Handle handle = jdbi.open()) {
            if (!lock(handle, "pg_try_advisory_lock")) {
                return Optional.empty();
            }
            try {
                Instant now = clock.instant();
                long runs = expireRuns(handle.attach(RunDao.class), now.minus(settings.getRuns()));
                long changes = expireChanges(handle.attach(ChangeDao.class), now.minus(settings.getChanges()));
                return Optional.of(new Removed(runs, changes));
            } finally {
                lock(handle, "pg_advisory_unlock");
            }
        }
    }

    private long expireRuns(RunDao runs, Instant cutoff) {
        long removed = 0;
        long after = 0;
        for (Optional<Long> last = runs.expiryWindow(after, cutoff, settings.getBatchSize()); last.isPresent();
             last = runs.expiryWindow(after, cutoff, settings.getBatchSize())) {
            removed += runs.deleteExpired(after, last.get(), cutoff);
            after = last.get();
        }
        return removed;
    }

    private long expireChanges(ChangeDao changes, Instant cutoff) {
        long removed = 0;
        int batch;
        do {
            batch = changes.deleteOlderThan(cutoff, settings.getBatchSize());
            removed += batch;
        } while (batch == settings.getBatchSize());
        return removed;
    }

    private static boolean lock(Handle handle, String function) {
        return handle.createQuery("SELECT " + function + "(:cls, :key)").bind("cls", AdvisoryLocks.CLUSTER_TASKS)
                .bind("key", AdvisoryLocks.RETENTION).mapTo(Boolean.class).one();
    }
}
