package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.FailureStreak;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.PSQLState;
import org.quartz.impl.jdbcjobstore.AttributeRestoringConnectionInvocationHandler;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerSignaler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Quartz's JDBC store as it meets a database that fails. A session the driver closed after losing
 * the server is neither rolled back nor reset (each logged a stack trace), but left to the pool,
 * which discards it ({@link LostSessionRowLock} for Quartz's lock). Failed check-ins and misfire
 * passes, and the retries of a write that must be made, are logged as a {@link FailureStreak}, not
 * as Quartz's stack trace every fourth try. A node in standby makes no misfire pass (its clock may
 * be the wrong one: its peers make them).
 */
abstract class OutageAwareJobStore extends JobStoreTX {
    private static final Logger LOG = LoggerFactory.getLogger(OutageAwareJobStore.class);
    private final FailureStreak checkIns = new FailureStreak(LOG, "Checking in with the cluster");
    private final FailureStreak misfirePasses = new FailureStreak(LOG, "Handling misfires");
    private volatile boolean shuttingDown;
    private volatile boolean standingBy;

    @Override
    public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
        super.initialize(loadHelper, signaler);
        // the row lock Quartz chose for a clustered store, made to stop on a lost session
        setLockHandler(new LostSessionRowLock(getTablePrefix(), getInstanceName(), getSelectWithLockSQL()));
    }

    @Override
    public void shutdown() {
        shuttingDown = true;
        super.shutdown();
    }

    /**
     * Quartz's retry of a write that must be made (a trigger's release, a completion), every
     * {@code dbRetryInterval} until it is made or the store stops; its failures logged as a streak
     * rather than as "An error occurred while ...JobStoreSupport$21@7c3f1df" every fourth try.
     */
    @Override
    protected <T> T retryExecuteInNonManagedTXLock(String lockName, TransactionCallback<T> txCallback) {
        FailureStreak failing = null; // made at the first failure: most writes are made at the first try
        while (!shuttingDown) {
            try {
                T result = executeInNonManagedTXLock(lockName, txCallback, null);
                if (failing != null) {
                    failing.succeeded();
                }
                return result;
            } catch (JobPersistenceException e) {
                if (failing == null) {
                    failing = new FailureStreak(LOG, lockName == null ? "A scheduler write"
                            : "A scheduler write under Quartz's " + lockName + " lock");
                }
                failing.failed(e);
            } catch (RuntimeException e) {
                LOG.error("A scheduler write (Quartz's lock: {}) failed unexpectedly, will retry", lockName, e);
            }
            try {
                Thread.sleep(getDbRetryInterval());
            } catch (InterruptedException e) {
                throw new IllegalStateException("Received interrupted exception", e);
            }
        }
        throw new IllegalStateException("JobStore is shutdown - aborting retry");
    }

    /** A failure is logged here; Quartz's check-in thread tries again after a check-in interval, as it would. */
    @Override
    protected boolean doCheckin() {
        return logged(checkIns, super::doCheckin, () -> {
            lastCheckin = System.currentTimeMillis();
            return false;
        });
    }

    @Override
    public void schedulerPaused() {
        standingBy = true;
        super.schedulerPaused();
    }

    @Override
    public void schedulerResumed() {
        standingBy = false;
        super.schedulerResumed();
    }

    /** A failure is logged here; Quartz's misfire thread goes on as after a failure (nothing recovered). */
    @Override
    protected RecoverMisfiredJobsResult doRecoverMisfires() {
        if (standingBy) {
            return RecoverMisfiredJobsResult.NO_OP;
        }
        return logged(misfirePasses, super::doRecoverMisfires, () -> RecoverMisfiredJobsResult.NO_OP);
    }

    private static <T> T logged(FailureStreak streak, Pass<T> pass, Supplier<T> afterFailure) {
        try {
            T result = pass.run();
            streak.succeeded();
            return result;
        } catch (JobPersistenceException | RuntimeException e) {
            streak.failed(e);
            return afterFailure.get();
        }
    }

    /** A pass of one of Quartz's store threads. */
    private interface Pass<T> {
        T run() throws JobPersistenceException;
    }

    @Override
    protected void rollbackConnection(Connection conn) {
        if (conn != null && !lost(conn)) {
            super.rollbackConnection(conn);
        }
    }

    @Override
    protected void cleanupConnection(Connection conn) {
        if (conn instanceof Proxy proxy
                && Proxy.getInvocationHandler(proxy) instanceof AttributeRestoringConnectionInvocationHandler quartz
                && lost(conn)) {
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
