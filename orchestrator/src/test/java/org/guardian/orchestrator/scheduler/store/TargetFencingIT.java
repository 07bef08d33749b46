package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.GuardianMigration;
import org.guardian.orchestrator.db.Database;
import org.guardian.orchestrator.db.DatabaseMigrator;
import org.guardian.orchestrator.db.TargetDatabase;
import org.guardian.orchestrator.testing.TargetServer;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fencing a node whose operations run on a target database of their own (on a second server): its
 * sessions there end too, no new one passes the fence check, and a target that cannot be reached
 * leaves the fence incomplete, so that its work is not recovered meanwhile.
 */
@Timeout(180)
class TargetFencingIT {
    private static final TestDatabase DB = TestDatabase.get();
    private static final TargetServer TARGET_SERVER = TargetServer.get();
    private static final String ORCHESTRATOR_URL = orchestratorDatabase();
    private static final String TARGET_URL = TARGET_SERVER.emptyDatabase("fencing_target");

    @Test
    @NeedsServer(ServerNeed.SECOND_SERVER)
    void aFenceEndsTheNodesSessionsOnTheTargetDatabase() throws Exception {
        DatabaseSettings settings = settings(TARGET_URL);
        try (NodeLiveness victim = NodeLiveness.join(settings, "victim");
             NodeLiveness peer = NodeLiveness.join(settings, "peer")) {
            Database application = Database.open(settings, victim.identity(), 4);
            TargetDatabase target = TargetDatabase.open(settings, victim.identity(), 4, application);
            try (Connection attempt = target.dataSource().getConnection()) {
                assertThat(sessionsOnTarget(victim)).isPositive();

                peer.fence("victim", "declared dead by a test");

                assertThat(sessionsOnTarget(victim)).isZero();
                assertThatThrownBy(() -> query(attempt, "SELECT 1")).isInstanceOf(SQLException.class);
            } finally {
                target.stop();
                application.stop();
            }
        }
    }

    @Test
    @NeedsServer(ServerNeed.SECOND_SERVER)
    void aFencedIncarnationOpensNoSessionOnTheTargetDatabase() throws Exception {
        DatabaseSettings settings = settings(TARGET_URL);
        try (NodeLiveness victim = NodeLiveness.join(settings, "refused");
             NodeLiveness peer = NodeLiveness.join(settings, "refuser")) {
            DataSource orchestrator = DB.dataSource(ORCHESTRATOR_URL);
            Database before = Database.openOnTarget(settings, victim.identity(), 2, orchestrator);
            try (Connection opened = before.dataSource().getConnection()) {
                assertThat(query(opened, "SELECT 1")).isEqualTo("1");
            } finally {
                before.stop();
            }

            peer.fence("refused", "declared dead by a test");

            Database after = Database.openOnTarget(settings, victim.identity(), 2, orchestrator);
            try {
                assertThatThrownBy(() -> after.dataSource().getConnection()).isInstanceOf(SQLException.class);
                assertThat(sessionsOnTarget(victim)).isZero();
            } finally {
                after.stop();
            }
        }
    }

    @Test
    void aFenceIsIncompleteWhileTheTargetDatabaseCannotBeReached() throws Exception {
        DatabaseSettings settings = settings("jdbc:postgresql://127.0.0.1:1/unreachable");
        try (NodeLiveness victim = NodeLiveness.join(settings, "cut-off");
             NodeLiveness peer = NodeLiveness.join(settings, "judge")) {
            assertThat(victim.identity().incarnation()).isPositive();

            assertThatThrownBy(() -> peer.fence("cut-off", "declared dead by a test"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("on the target database");
            assertThatThrownBy(() -> peer.fence("cut-off", "declared dead by a test"))
                    .as("tried again, still incomplete").hasMessageContaining("on the target database");
        }
    }

    private static DatabaseSettings settings(String targetUrl) {
        DatabaseSettings settings = new DatabaseSettings();
        settings.setUrl(ORCHESTRATOR_URL);
        settings.setUser(DB.user());
        settings.setPassword(DB.password());
        settings.getTarget().setUrl(targetUrl);
        settings.getTarget().setUser(TARGET_SERVER.user());
        settings.getTarget().setPassword(TARGET_SERVER.password());
        return settings;
    }

    private static String orchestratorDatabase() {
        String url = DB.emptyDatabase("fencing_orchestrator");
        DataSource orchestrator = DB.dataSource(url);
        DatabaseMigrator.migrate(orchestrator, orchestrator, GuardianMigration.SKIP);
        return url;
    }

    private static long sessionsOnTarget(NodeLiveness node) throws SQLException {
        try (Connection c = TARGET_SERVER.dataSource(TARGET_URL).getConnection()) {
            return Long.parseLong(query(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = '" + node.identity().applicationName() + "'"));
        }
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
