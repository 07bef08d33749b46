package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.core.DaemonThreads;
import org.guardian.orchestrator.scheduler.FailureStreak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vacuums the few small tables that every fire rewrites every few seconds: their updates are never
 * HOT and autovacuum comes by once a minute at best, so this keeps each row at one or two versions.
 * {@code SKIP_LOCKED} lets nodes vacuuming at once skip rather than queue; {@code TRUNCATE false}
 * avoids an exclusive lock that every fire would queue behind. Every {@link #ANALYZE_EVERY}-th round
 * also analyzes those of them and of the Quartz tables read by key that grew or shrank, so that a
 * fresh schema has statistics for {@link SkipLockedDelegate}'s plans. {@code job_runs} is left to autovacuum.
 */
public final class HotTableVacuum implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotTableVacuum.class);
    static final int ANALYZE_EVERY = 15;
    static final List<String> VACUUMED = List.of("orchestrator.qrtz_triggers", "orchestrator.qrtz_fired_triggers",
            "orchestrator.qrtz_scheduler_state", "orchestrator.maintenance_schedules");
    static final List<String> ANALYZED_TOO = List.of("orchestrator.qrtz_job_details", "orchestrator.qrtz_cron_triggers",
            "orchestrator.qrtz_simple_triggers", "orchestrator.qrtz_locks");
    private static final String VACUUM = "VACUUM (SKIP_LOCKED, TRUNCATE false) " + String.join(", ", VACUUMED);
    private static final String LIVE_ROWS = "SELECT schemaname || '.' || relname, n_live_tup FROM pg_stat_user_tables"
            + " WHERE schemaname || '.' || relname = ANY (?)";

    private final FailureStreak failing = new FailureStreak(LOG, "Vacuum of the scheduler's tables");
    private final DataSource dataSource;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("orch-vacuum"));
    private final AtomicLong rounds = new AtomicLong();
    /** Per table, its live rows when this node last analyzed it. */
    private final Map<String, Long> rowsAtAnalyze = new HashMap<>();
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
            failing.succeeded();
        } catch (SQLException e) {
            failing.failed(e);
        } catch (RuntimeException e) {
            LOG.warn("Vacuum of the scheduler's tables failed, will retry", e);
        }
    }

    /**
     * One round: vacuums the hot tables, and every {@link #ANALYZE_EVERY}-th round (the first
     * included) analyzes those of both lists whose live rows moved by more than a tenth since this
     * node analyzed them (all, the first time): a schema that fills gets statistics as it grows,
     * and 100,000 rows that only change state are not sampled again (0.5-2 s a round).
     *
     * @return false when PostgreSQL refused for lack of ownership (the upkeep is then off)
     */
    synchronized boolean round() throws SQLException {
        if (!allowed) {
            return false;
        }
        boolean analyze = rounds.getAndIncrement() % ANALYZE_EVERY == 0;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            statement.execute(VACUUM);
            refusedFor(statement.getWarnings());
            Map<String, Long> moved = analyze && allowed ? moved(connection) : Map.of();
            if (!moved.isEmpty()) {
                statement.clearWarnings();
                statement.execute("ANALYZE (SKIP_LOCKED) " + String.join(", ", moved.keySet()));
                refusedFor(statement.getWarnings());
                rowsAtAnalyze.putAll(moved);
            }
        }
        return allowed;
    }

    /** The tables of both lists (names from them, never from the database) whose rows moved, with their live rows now. */
    private Map<String, Long> moved(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>(VACUUMED);
        tables.addAll(ANALYZED_TOO);
        Map<String, Long> live = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(LIVE_ROWS)) {
            ps.setArray(1, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    live.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<String, Long> moved = new TreeMap<>();
        for (String table : tables) {
            long now = live.getOrDefault(table, 0L);
            Long before = rowsAtAnalyze.get(table);
            if (before == null || Math.abs(now - before) > before / 10 + 50) {
                moved.put(table, now);
            }
        }
        return moved;
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
