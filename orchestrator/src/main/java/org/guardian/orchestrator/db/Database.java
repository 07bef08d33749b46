package org.guardian.orchestrator.db;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import javax.sql.DataSource;

/** A node's application pool (c3p0) for the API and the operations, with Jdbi on top. */
public final class Database implements Managed {
    /** How long an idle connection waits before c3p0 tests it. */
    private static final int IDLE_TEST_SECONDS = 5;

    private final ComboPooledDataSource pool;
    private final Jdbi jdbi;

    private Database(ComboPooledDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    /** Opens a pool of {@code poolSize}; its sessions carry {@code identity} and are refused once it is fenced. */
    public static Database open(DatabaseSettings settings, NodeIdentity identity, int poolSize) {
        ComboPooledDataSource pool = new ComboPooledDataSource();
        NodeSessions.tag(pool, settings.jdbcUrl(), identity);
        pool.setUser(settings.getUser());
        pool.setPassword(settings.getPassword());
        pool.setMinPoolSize(2);
        pool.setMaxPoolSize(poolSize);
        pool.setCheckoutTimeout(10_000);
        // tested when idle, not around every use (a round trip per statement); a connection broken
        // by a database restart fails once and is then discarded by the pool
        pool.setIdleConnectionTestPeriod(IDLE_TEST_SECONDS);
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    public ComboPooledDataSource pool() {
        return pool;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void stop() {
        pool.close();
    }
}
