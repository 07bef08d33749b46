package org.guardian.orchestrator.scheduler.store;

import org.postgresql.core.BaseConnection;
import org.postgresql.util.PSQLState;
import org.quartz.impl.jdbcjobstore.AttributeRestoringConnectionInvocationHandler;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerSignaler;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Quartz's JDBC store, which leaves alone a session the driver closed after losing the server (an
 * outage, a restart, a failover): its transaction ended with it, so it is neither rolled back nor
 * reset, each of which logged a stack trace per failed transaction; it goes back to the pool, which
 * discards it ({@link LostSessionRowLock} for Quartz's lock). The failure itself is reported as before.
 */
abstract class LostSessionJobStore extends JobStoreTX {
    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        super.initialize(loadHelper, signaler);
        // the row lock Quartz chose for a clustered store, made to stop on a lost session
        setLockHandler(new LostSessionRowLock(getTablePrefix(), getInstanceName(), getSelectWithLockSQL()));
    }

    @Override
    protected void rollbackConnection(Connection conn) {
        if (conn != null && !lost(conn)) {
            super.rollbackConnection(conn);
        }
    }

    @Override
    protected void cleanupConnection(Connection conn) {
        if (conn instanceof Proxy proxy && lost(conn)
                && Proxy.getInvocationHandler(proxy) instanceof AttributeRestoringConnectionInvocationHandler quartz) {
            closeConnection(quartz.getWrappedConnection());
            return;
        }
        super.cleanupConnection(conn);
    }

    /** Whether the driver closed this session: it lost the server. */
    static boolean lost(Connection conn) {
        try {
            return conn.unwrap(BaseConnection.class).isClosed();
        } catch (SQLException e) {
            // PgJDBC's answer on a closed session, unwrap included
            return PSQLState.CONNECTION_DOES_NOT_EXIST.getState().equals(e.getSQLState());
        }
    }
}
