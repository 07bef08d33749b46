package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.testing.LogCapture;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.impl.jdbcjobstore.LockException;
import org.quartz.impl.jdbcjobstore.StdRowLockSemaphore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quartz's lock on a session the server ended: refused at once, with no rollback tried on it. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LostSessionRowLockIT {
    private final TestDatabase db = TestDatabase.get();

    @Test
    void aLockOnALostSessionFailsWithoutRetryingOnIt() throws Exception {
        StdRowLockSemaphore lock = new LostSessionRowLock("orchestrator.qrtz_", "lost-session-lock", null);
        try (Connection session = db.dataSource().getConnection(); LogCapture log = new LogCapture()) {
            session.setAutoCommit(false);
            end(session);

            assertThatThrownBy(() -> lock.obtainLock(session, "TRIGGER_ACCESS")).isInstanceOf(LockException.class)
                    .hasMessageContaining("the session was lost");
            assertThat(log.lines()).noneMatch(line -> line.contains("Couldn't rollback"));
        }
    }

    @Test
    void aLockOnALiveSessionIsTakenAsQuartzTakesIt() throws Exception {
        StdRowLockSemaphore lock = new LostSessionRowLock("orchestrator.qrtz_", "live-session-lock", null);
        try (Connection session = db.dataSource().getConnection()) {
            session.setAutoCommit(false);
            assertThat(lock.obtainLock(session, "TRIGGER_ACCESS")).isTrue();
            lock.releaseLock("TRIGGER_ACCESS");
            session.commit();
        }
    }

    private void end(Connection session) throws Exception {
        int pid;
        try (ResultSet rs = session.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        session.commit();
        try (Connection other = db.dataSource().getConnection();
             PreparedStatement ps = other.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }
}
