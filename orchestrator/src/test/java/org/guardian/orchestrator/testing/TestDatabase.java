package org.guardian.orchestrator.testing;

import org.guardian.orchestrator.db.DatabaseMigrator;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.PgProviders;
import org.guardian.orchestrator.testing.pg.PgServer;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one shared PostgreSQL of the test JVM, from the provider that {@code -Dtest.db} chose
 * (embedded, Testcontainers or an external server), migrated once.
 *
 * <p>Tests clean up by truncation ({@link #resetOrchestrator()}), never by rollback, because
 * several schedulers on other connections must see the same data.
 */
public final class TestDatabase {
    private static TestDatabase instance;

    private final PgServer server;
    private final PGSimpleDataSource dataSource;

    private TestDatabase(PgServer server) {
        this.server = server;
        this.dataSource = server.dataSource(server.jdbcUrl(server.defaultDatabase()));
        // A non-UTC session time zone flushes out time-zone bugs.
        dataSource.setOptions("-c TimeZone=America/New_York");
    }

    /** Starts the server and applies the migrations on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            PgServer server = PgProviders.get().start("test_pg");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            instance = new TestDatabase(server);
            DatabaseMigrator.migrate(instance.dataSource);
        }
        return instance;
    }

    /** A test database of its own on {@code server} (a primary and standby pair), migrated; closing the server is the caller's. */
    public static TestDatabase on(PgServer server) {
        TestDatabase own = new TestDatabase(server);
        DatabaseMigrator.migrate(own.dataSource);
        return own;
    }

    /**
     * Stops PostgreSQL, waits {@code down}, and starts it again on the same port and data; only
     * for tests that declare {@link NeedsServer} {@code STOP_AND_START}.
     */
    public synchronized void restart(Duration down) throws Exception {
        server.stop();
        Thread.sleep(down.toMillis());
        server.start();
    }

    /** A new, empty database on the same server with the migrations applied (for tests of the migrations). */
    public DataSource freshlyMigratedDatabase(String name) {
        DataSource fresh = dataSource(emptyDatabase(name));
        DatabaseMigrator.migrate(fresh);
        return fresh;
    }

    /** A new, empty database on the same server (its name may carry a run suffix); returns its JDBC URL. */
    public String emptyDatabase(String name) {
        return server.createDatabase(name);
    }

    /** The name of role {@code name} for a test that creates it (on an external server: suffixed, dropped at the end). */
    public String roleName(String name) {
        return server.roleName(name);
    }

    /** Connections to {@code jdbcUrl} of this server as the tests' user. */
    public DataSource dataSource(String jdbcUrl) {
        return server.dataSource(jdbcUrl);
    }

    /** Connections to {@code jdbcUrl} as {@code user} with {@code password} (empty: none). */
    public static DataSource dataSource(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(user);
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(server.defaultDatabase());
    }

    public String user() {
        return server.user();
    }

    /** The tests' user's password; empty where the server trusts local connections (embedded). */
    public String password() {
        return server.password();
    }

    /** The server's major version (14 for 14.x), for behaviour that legitimately differs by version. */
    public int majorVersion() {
        return server.majorVersion();
    }

    /** Empties run history, audit and Quartz state, and the schedule table. */
    public void resetOrchestrator() {
        // a node of an earlier test may still be finishing a write (an abandoned worker, a halted
        // node): the TRUNCATE can lose a deadlock against it, and is then simply tried again
        for (int attempt = 1; ; attempt++) {
            try {
                truncateOrchestrator();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5 || !(e.getCause() instanceof SQLException sql && "40P01".equals(sql.getSQLState()))) {
                    throw e;
                }
            }
        }
    }

    private void truncateOrchestrator() {
        execute("TRUNCATE orchestrator.job_runs, orchestrator.schedule_changes, orchestrator.maintenance_schedules, orchestrator.notifications,"
                + " orchestrator.qrtz_fired_triggers, orchestrator.qrtz_simple_triggers, orchestrator.qrtz_cron_triggers,"
                + " orchestrator.qrtz_simprop_triggers, orchestrator.qrtz_blob_triggers, orchestrator.qrtz_triggers,"
                + " orchestrator.qrtz_job_details, orchestrator.qrtz_paused_trigger_grps, orchestrator.qrtz_scheduler_state,"
                + " orchestrator.qrtz_calendars;"
                + " UPDATE orchestrator.cluster_state SET global_paused = false, last_full_reconcile = NULL, reconciled_signature = NULL,"
                + " reconciled_snapshot = NULL, full_pass_ms = NULL");
    }

    /**
     * Empties the Guardian tables (patients and everything hanging off them, queue, cache, audit,
     * alerts, baselines, history, reports, archives), restores the default alert thresholds and
     * refreshes the materialized views. Partitions stay.
     */
    public void resetGuardian() {
        execute("TRUNCATE public.patients, public.patient_medications, public.patient_conditions, public.patient_allergies,"
                + " public.patient_lab_results, public.documents, public.document_processing_stages,"
                + " public.medical_data_relationships, public.medical_data_relationships_archive,"
                + " public.cache_invalidation_queue, public.user_dashboard_cache, public.audit_log, public.audit_log_archive,"
                + " public.performance_alerts, public.analytics_query_baselines, public.query_performance_history,"
                + " public.monthly_reports, public.statistics_snapshots CASCADE;"
                + " DELETE FROM public.relationship_types WHERE type NOT IN ('treats', 'indicates', 'documents', 'reaction_to');"
                + " UPDATE public.relationship_types SET is_active = true;"
                + " UPDATE public.performance_alert_thresholds t SET warning_threshold = d.w, critical_threshold = d.c,"
                + "   direction = d.dir, alert_frequency = INTERVAL '15 minutes', is_enabled = true,"
                + "   auto_response_enabled = d.auto, auto_response_schedule = d.sched"
                + "  FROM (VALUES ('cache_hit_ratio_percent', 95, 90, 'below', false, NULL),"
                + "               ('avg_query_duration_ms', 2000, 5000, 'above', false, NULL),"
                + "               ('active_connections', 50, 80, 'above', true, 'check_connection_pool_health'),"
                + "               ('pending_cache_invalidations', 500, 1000, 'above', true, 'process_cache_invalidation_queue'),"
                + "               ('slow_queries_per_minute', 10, 25, 'above', false, NULL),"
                + "               ('database_size_gb', 50, 100, 'above', false, NULL),"
                + "               ('orphaned_relationships', 100, 500, 'above', true, 'cleanup_orphaned_data'))"
                + "       AS d(metric, w, c, dir, auto, sched) WHERE t.metric_name = d.metric;"
                + " REFRESH MATERIALIZED VIEW public.data_quality_metrics;"
                + " REFRESH MATERIALIZED VIEW public.orphaned_relationships_summary");
    }

    /** Registers an incarnation of {@code nodeId}, as a node does when it starts, and returns it. */
    public long registerIncarnation(String nodeId) {
        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement(
                     "INSERT INTO orchestrator.node_incarnations (node_id) VALUES (?) RETURNING incarnation")) {
            statement.setString(1, nodeId);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
