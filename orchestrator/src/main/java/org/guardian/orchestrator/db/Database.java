package org.guardian.orchestrator.db;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import io.dropwizard.lifecycle.Managed;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import javax.sql.DataSource;

/**
 * A node's pool (c3p0) with Jdbi on top: the application pool (API, records, background loops and,
 * on one database, the operations), or the pool the operations use on a target database of its own.
 */
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
        ComboPooledDataSource pool = pool(settings.orchestratorAddress(), poolSize);
        NodeSessions.tag(pool, settings, identity);
        return new Database(pool);
    }

    /**
     * Opens a pool of {@code poolSize} on the target database; its sessions carry {@code identity}
     * and are refused once it is fenced, which is read on {@code orchestrator}, or when on a multi-host
     * URL they reach an old primary of the target.
     */
    public static Database openOnTarget(DatabaseSettings settings, NodeIdentity identity, int poolSize,
                                        DataSource orchestrator) {
        DatabaseAddress target = settings.targetAddress();
        ComboPooledDataSource pool = pool(target, poolSize);
        NodeSessions.tagOnTarget(pool, target.jdbcUrl(), identity, orchestrator, settings.timelineOf(target));
        return new Database(pool);
    }

    private static ComboPooledDataSource pool(DatabaseAddress address, int poolSize) {
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setUser(address.user());
        pool.setPassword(address.password());
        pool.setMinPoolSize(2);
        pool.setMaxPoolSize(poolSize);
        pool.setCheckoutTimeout(10_000);
        // tested when idle, not around every use (a round trip per statement); a connection broken
        // by a database restart fails once and is then discarded by the pool
        pool.setIdleConnectionTestPeriod(IDLE_TEST_SECONDS);
        return pool;
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
