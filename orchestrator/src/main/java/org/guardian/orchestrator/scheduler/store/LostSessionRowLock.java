package org.guardian.orchestrator.scheduler.store;

import org.quartz.impl.jdbcjobstore.LockException;
import org.quartz.impl.jdbcjobstore.StdRowLockSemaphore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * Quartz's row lock, which gives up at once on a session the driver closed. Quartz retries a failed
 * lock (three tries a second apart, meant for the first insert of a lock row) on the same session:
 * on a lost one each retry logged a failed rollback with its stack trace and held the caller for
 * two seconds before failing anyway.
 */
final class LostSessionRowLock extends StdRowLockSemaphore {
    LostSessionRowLock(String tablePrefix, String schedulerName, String selectWithLockSql) {
        super(tablePrefix, schedulerName, selectWithLockSql);
    }

    @Override
    protected void executeSQL(Connection conn, String lockName, String sql, String insertSql) throws LockException {
        try {
            super.executeSQL(stoppingWhenLost(conn), lockName, sql, insertSql);
        } catch (SessionLost e) {
            throw new LockException("Failure obtaining db row lock " + lockName + ": the session was lost");
        }
    }

    /** {@code conn}, whose rollback (Quartz's step before a retry) stops the lock when the session is lost. */
    private static Connection stoppingWhenLost(Connection conn) {
        return (Connection) Proxy.newProxyInstance(LostSessionRowLock.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("rollback") && args == null && OutageAwareJobStore.lost(conn)) {
                        throw new SessionLost();
                    }
                    try {
                        return method.invoke(conn, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Thrown through Quartz's retry loop, which catches only SQLException. */
    private static final class SessionLost extends RuntimeException {
        SessionLost() {
            super(null, null, false, false);
        }
    }
}
