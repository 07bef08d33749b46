package org.guardian.orchestrator.db;

import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.GuardianMigration;
import org.guardian.orchestrator.scheduler.store.NodeLiveness;
import org.guardian.orchestrator.testing.TestDatabase;
import org.guardian.orchestrator.testing.pg.NeedsServer;
import org.guardian.orchestrator.testing.pg.ServerNeed;
import org.guardian.orchestrator.testing.pg.StandbyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operations' own database, on a primary and standby of its own, fails over: the node's target
 * pool follows the promoted standby, and refuses the old primary when it comes back as a primary,
 * as the orchestrator's pools do on theirs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@NeedsServer(ServerNeed.STANDBY_PAIR)
class TargetFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestDatabase db = TestDatabase.get();

    @Test
    void theTargetPoolRefusesAnOldPrimaryOfTheTargetThatCameBack() throws Exception {
        assumeTrue(StandbyPair.available(), "Debian's PostgreSQL binaries (pg_basebackup) are not installed");
        try (StandbyPair pair = StandbyPair.start(false)) {
            DatabaseSettings settings = settings(pair);
            DataSource oldPrimary = pair.dataSource(pair.firstServerUrl("guardian"));
            DataSource newPrimary = pair.dataSource(pair.secondServerUrl("guardian"));
            try (NodeLiveness node = NodeLiveness.join(settings, "target-follower")) {
                Database application = Database.open(settings, node.identity(), 4);
                TargetDatabase target = TargetDatabase.open(settings, node.identity(), 4, application);
                try {
                    assertThat(serverPort(target.dataSource())).isEqualTo(serverPort(oldPrimary));

                    pair.stopPrimary();
                    pair.promote();
                    int promoted = serverPort(newPrimary);
                    await("the target pool on the promoted standby").atMost(WAIT).ignoreExceptions()
                            .until(() -> serverPort(target.dataSource()) == promoted);

                    pair.startOldPrimary();
                    DataSource anyPrimary = pair.dataSource(pair.jdbcUrl("guardian"));
                    await("the multi-host URL leads to the old primary").atMost(WAIT)
                            .until(() -> serverPort(anyPrimary) == serverPort(oldPrimary));
                    execute(newPrimary, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE application_name LIKE 'guardian/%'");

                    // The port of the first session that answers: another pooled one may still be a terminated session.
                    int port = await("a new session of the target pool").atMost(WAIT).ignoreExceptions()
                            .until(() -> serverPort(target.dataSource()), p -> p > 0);
                    assertThat(port).as("on the promoted standby").isEqualTo(promoted);
                    assertThat(settings.oldPrimarySessionsRefused()).as("counted for the metric").isPositive();
                    assertThat(nodeSessions(oldPrimary)).as("no node session on the old primary").isZero();
                } finally {
                    target.stop();
                    application.stop();
                }
            }
        }
    }

    private DatabaseSettings settings(StandbyPair pair) {
        String orchestratorUrl = db.emptyDatabase("target_failover_orchestrator");
        DataSource orchestrator = db.dataSource(orchestratorUrl);
        DatabaseMigrator.migrate(orchestrator, orchestrator, GuardianMigration.SKIP);
        DatabaseSettings settings = new DatabaseSettings();
        settings.setUrl(orchestratorUrl);
        settings.setUser(db.user());
        settings.setPassword(db.password());
        settings.getTarget().setUrl(pair.jdbcUrl("guardian"));
        settings.getTarget().setUser(pair.user());
        settings.getTarget().setPassword(pair.password());
        return settings;
    }

    private static int serverPort(DataSource server) throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long nodeSessions(DataSource server) throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'guardian/%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(DataSource server, String sql) throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
