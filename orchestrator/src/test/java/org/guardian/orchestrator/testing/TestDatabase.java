package org.guardian.orchestrator.testing;

import org.guardian.orchestrator.db.DatabaseMigrator;
import org.guardian.orchestrator.db.EmbeddedPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one shared PostgreSQL of the test JVM: an embedded PostgreSQL 17, migrated once.
 *
 * <p>Tests clean up by truncation ({@link #resetOrchestrator()}), never by rollback, because
 * several schedulers on other connections must see the same data.
 */
public final class TestDatabase {
    private static TestDatabase instance;

    private EmbeddedPostgresServer server;
    private Path dataDir;
    private final PGSimpleDataSource dataSource;

    private TestDatabase(EmbeddedPostgresServer server) {
        this.server = server;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl());
        dataSource.setUser(server.user());
        // A non-UTC session time zone flushes out time-zone bugs.
        dataSource.setOptions("-c TimeZone=America/New_York");
    }

    /** Starts the server and applies the migrations on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of("target"), "test-pg");
                instance = new TestDatabase(EmbeddedPostgresServer.start(dir.resolve("data"), 0));
                instance.dataDir = dir.resolve("data");
                DatabaseMigrator.migrate(instance.dataSource);
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stopQuietly));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Stops PostgreSQL, waits {@code down}, and starts it again on the same port and data. */
    public synchronized void restart(java.time.Duration down) throws IOException, InterruptedException {
        int port = server.port();
        server.close();
        Thread.sleep(down.toMillis());
        server = EmbeddedPostgresServer.start(dataDir, port);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public String user() {
        return server.user();
    }

    public int port() {
        return server.port();
    }

    /** Empties run history, audit and Quartz state, and the schedule table. */
    public void resetOrchestrator() {
        execute("TRUNCATE orchestrator.job_runs, orchestrator.schedule_changes, orchestrator.maintenance_schedules,"
                + " orchestrator.qrtz_fired_triggers, orchestrator.qrtz_simple_triggers, orchestrator.qrtz_cron_triggers,"
                + " orchestrator.qrtz_simprop_triggers, orchestrator.qrtz_blob_triggers, orchestrator.qrtz_triggers,"
                + " orchestrator.qrtz_job_details, orchestrator.qrtz_paused_trigger_grps, orchestrator.qrtz_scheduler_state,"
                + " orchestrator.qrtz_calendars;"
                + " UPDATE orchestrator.cluster_state SET global_paused = false");
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void stopQuietly() {
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is going away
        }
    }
}
