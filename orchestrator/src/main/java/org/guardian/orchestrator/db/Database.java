package org.guardian.orchestrator.db;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The node's database: the configured PostgreSQL, or an embedded one in the data directory;
 * a c3p0 pool for the API and the operations; Flyway migrations at start when configured.
 */
public final class Database implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgresServer embedded;
    private final ComboPooledDataSource pool;
    private final Jdbi jdbi;

    private Database(EmbeddedPostgresServer embedded, ComboPooledDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    /** Starts the embedded server if no URL is configured, opens a pool of {@code poolSize}, migrates if asked. */
    public static Database open(DatabaseSettings settings, int poolSize) throws IOException {
        EmbeddedPostgresServer embedded = null;
        if (settings.isEmbedded()) {
            embedded = EmbeddedPostgresServer.start(Path.of(settings.getDataDir()), settings.getEmbeddedPort());
            settings.useEmbedded(embedded.jdbcUrl(), embedded.user());
            LOG.info("No ORCH_DB_URL: using embedded PostgreSQL at {} (data in {})", embedded.jdbcUrl(),
                    settings.getDataDir());
        }
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUser(settings.getUser());
        pool.setPassword(settings.getPassword());
        pool.setMinPoolSize(2);
        pool.setMaxPoolSize(poolSize);
        pool.setCheckoutTimeout(10_000);
        // tested when idle, not around every use (a round trip per statement); a connection broken
        // by a database restart fails once and is then discarded by the pool

        pool.setIdleConnectionTestPeriod(5);
        Database database = new Database(embedded, pool);
        if (settings.isMigrateOnStart()) {
            DatabaseMigrator.migrate(pool);
        }
        return database;
    }

    public javax.sql.DataSource dataSource() {
        return pool;
    }

    public ComboPooledDataSource pool() {
        return pool;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void stop() throws IOException {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
