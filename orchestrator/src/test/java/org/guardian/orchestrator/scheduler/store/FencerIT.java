package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.db.NodeIdentity;
import org.guardian.orchestrator.db.NodeSessions;
import org.guardian.orchestrator.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ending a fenced incarnation's sessions: each one is gone when the fence returns, whoever ended it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FencerIT {
    private final TestDatabase db = TestDatabase.get();

    @Test
    void aLiveSessionOfTheIncarnationIsTerminatedAndCounted() throws Exception {
        NodeIdentity victim = new NodeIdentity("fenced-live", db.registerIncarnation("fenced-live"));
        try (Connection session = open(victim); Connection fencer = db.dataSource().getConnection()) {
            assertThat(Fencer.terminate(fencer, List.of(victim.incarnation()))).isEqualTo(1);
            assertThat(sessionsOf(victim)).isZero();
        }
    }

    /**
     * The fence lists the sessions and then signals each; one that ends by itself in between (a pool
     * closing the session its fence check refused) is gone, not "still open". The fencer's cached
     * view of pg_stat_activity, read before the session ended, stands for that race here.
     */
    @Test
    void aSessionThatEndedOnItsOwnAfterTheFenceListedItLeavesTheFenceComplete() throws Exception {
        NodeIdentity victim = new NodeIdentity("fenced-gone", db.registerIncarnation("fenced-gone"));
        try (Connection fencer = db.dataSource().getConnection()) {
            Connection session = open(victim);
            fencer.setAutoCommit(false);
            try (Statement s = fencer.createStatement()) {
                s.executeQuery("SELECT count(*) FROM pg_stat_activity").close();
            }
            session.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionsOf(victim) == 0);

            assertThat(Fencer.terminate(fencer, List.of(victim.incarnation()))).isEqualTo(1);
            fencer.rollback();
        }
    }

    private Connection open(NodeIdentity identity) throws SQLException {
        return DriverManager.getConnection(NodeSessions.url(db.jdbcUrl(), identity), db.user(), db.password());
    }

    private long sessionsOf(NodeIdentity identity) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + identity.applicationName() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
