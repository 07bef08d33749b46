package org.guardian.orchestrator.scheduler.store;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;
import org.quartz.utils.ConnectionProvider;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Quartz's connection pool: c3p0, its sessions tagged with the node's incarnation and refused once
 * it is fenced (as every session of a node), connections tested while idle rather than around
 * every use (Quartz's built-in provider tests each at checkout or checkin: a round trip and a c3p0
 * helper-thread task per store transaction). A connection broken by a database restart fails once
 * (Quartz retries every dbRetryInterval) and c3p0 discards it.
 */
final class QuartzConnectionPool implements ConnectionProvider {
    private static final int IDLE_TEST_SECONDS = 5;

    private final DatabaseSettings database;
    private final NodeIdentity identity;
    private final int maxConnections;
    /** PostgreSQL ends a transaction idle this long: a frozen node frees its rows before it is declared dead. */
    private final long idleInTransactionMillis;
    private ComboPooledDataSource pool;

    QuartzConnectionPool(DatabaseSettings database, NodeIdentity identity, int maxConnections,
                         long idleInTransactionMillis) {
        this.database = database;
        this.identity = identity;
        this.maxConnections = maxConnections;
        this.idleInTransactionMillis = idleInTransactionMillis;
    }

    @Override
    public void initialize() {
        pool = new ComboPooledDataSource();
        NodeSessions.tag(pool, database, identity, idleInTransactionMillis);
        // new jobs are stored in batches (NewJobsInBatches): sent as multi-row inserts
        pool.setJdbcUrl(pool.getJdbcUrl() + "&reWriteBatchedInserts=true");
        pool.setUser(database.getUser());
        pool.setPassword(database.getPassword());
        pool.setMinPoolSize(1);
        pool.setMaxPoolSize(maxConnections);
        pool.setCheckoutTimeout(10_000);
        pool.setIdleConnectionTestPeriod(IDLE_TEST_SECONDS);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void shutdown() {
        pool.close();
    }
}
