package org.guardian.orchestrator.scheduler.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vacuums the few small tables that every fire rewrites every few seconds: their updates are never
 * HOT and autovacuum comes by once a minute at best, so this keeps each row at one or two versions.
 * {@code SKIP_LOCKED} lets nodes vacuuming at once skip rather than queue; {@code TRUNCATE false}
 * avoids an exclusive lock that every fire would queue behind. Every {@link #ANALYZE_EVERY}-th round
 * also analyzes them and the Quartz tables read by key, so that a fresh schema has statistics for
 * {@link SkipLockedDelegate}'s plans. {@code job_runs} is left to autovacuum.
 */
public final class HotTableVacuum implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotTableVacuum.class);
    static final int ANALYZE_EVERY = 15;
    static final List<String> VACUUMED = List.of("orchestrator.qrtz_triggers", "orchestrator.qrtz_fired_triggers",
            "orchestrator.qrtz_scheduler_state", "orchestrator.maintenance_schedules");
    static final List<String> ANALYZED_TOO = List.of("orchestrator.qrtz_job_details", "orchestrator.qrtz_cron_triggers",
            "orchestrator.qrtz_simple_triggers", "orchestrator.qrtz_locks");
    private static final String VACUUM = "VACUUM (SKIP_LOCKED, TRUNCATE false) " + String.join(", ", VACUUMED);
    private static final String VACUUM_ANALYZE = "VACUUM (ANALYZE, SKIP_LOCKED, TRUNCATE false) "
            + String.join(", ", VACUUMED);
    private static final String ANALYZE = "ANALYZE (SKIP_LOCKED) " + String.join(", ", ANALYZED_TOO);

    private final DataSource dataSource;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orch-vacuum");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean allowed = true;

    /** @param interval time between rounds; zero disables the upkeep */
    public HotTableVacuum(DataSource dataSource, Duration interval) {
        this.dataSource = dataSource;
        this.interval = interval;
    }

    public void start() {
        if (interval.isZero()) {
            LOG.info("Vacuum of the scheduler's tables disabled (interval 0): autovacuum alone keeps them");
            return;
        }
        executor.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            round();
        } catch (SQLException e) {
            LOG.warn("Vacuum of the scheduler's tables failed, will retry: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Vacuum of the scheduler's tables failed, will retry", e);
        }
    }

    /**
     * One round: vacuums the hot tables, and every {@link #ANALYZE_EVERY}-th round (the first
     * included) analyzes them and the other Quartz tables read by key.
     *
     * @return false when PostgreSQL refused for lack of ownership (the upkeep is then off)
     */
    boolean round() throws SQLException {
        if (!allowed) {
            return false;
        }
        boolean analyze = rounds.getAndIncrement() % ANALYZE_EVERY == 0;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            statement.execute(analyze ? VACUUM_ANALYZE : VACUUM);
            refusedFor(statement.getWarnings());
            if (analyze && allowed) {
                statement.clearWarnings();
                statement.execute(ANALYZE);
                refusedFor(statement.getWarnings());
            }
        }
        return allowed;
    }

    private void refusedFor(SQLWarning warnings) {
        for (SQLWarning w = warnings; w != null; w = w.getNextWarning()) {
            String message = String.valueOf(w.getMessage());
            if (message.contains("only table or database owner") || message.contains("permission denied")) {
                allowed = false;
                LOG.warn("The database role does not own the scheduler's tables, so this node cannot vacuum them"
                        + " ({}); autovacuum alone keeps them, which under heavy load lets them bloat", message);
                return;
            }
        }
    }

    long rounds() {
        return rounds.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
