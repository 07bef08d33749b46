package org.guardian.orchestrator.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.config.DatabaseAddress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.GuardianMigration;
import org.guardian.orchestrator.db.DatabaseMigrator;
import org.guardian.orchestrator.db.DatabaseServer;
import org.guardian.orchestrator.db.EmbeddedPostgresServer;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code embedded-db config.yml}: runs the embedded PostgreSQL alone (data in ORCH_DATA_DIR,
 * port ORCH_EMBEDDED_PG_PORT, default 5433), migrated, so several nodes can share it. Its
 * database gets the Guardian schema too unless ORCH_MIGRATE_GUARDIAN is false.
 */
public final class EmbeddedDatabaseCommand extends ConfiguredCommand<OrchestratorConfiguration> {

    public EmbeddedDatabaseCommand() {
        super("embedded-db", "Run the embedded PostgreSQL alone, for several local nodes to share");
    }

    @Override
    protected void run(Bootstrap<OrchestratorConfiguration> bootstrap, Namespace namespace,
                       OrchestratorConfiguration configuration) throws Exception {
        DatabaseSettings settings = configuration.getDatabase();
        int port = settings.getEmbeddedPort() == 0 ? 5433 : settings.getEmbeddedPort();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(settings.getDataDir()), port);
        DataSource dataSource = DatabaseServer.unpooled(new DatabaseAddress(server.jdbcUrl(), server.user(), ""));
        Boolean guardian = settings.getTarget().getMigrateGuardian();
        DatabaseMigrator.migrate(dataSource, dataSource,
                guardian == null || guardian ? GuardianMigration.APPLY : GuardianMigration.SKIP);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // stopping anyway
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("Embedded PostgreSQL ready: ORCH_DB_URL=" + server.jdbcUrl() + " ORCH_DB_USER=" + server.user());
        stopped.await();
    }
}
