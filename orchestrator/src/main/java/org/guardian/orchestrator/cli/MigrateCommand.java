package org.guardian.orchestrator.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.GuardianMigration;
import org.guardian.orchestrator.db.DatabaseMigrator;
import org.guardian.orchestrator.db.DatabaseServer;

/**
 * {@code db migrate config.yml}: applies the orchestrator's migrations ({@code sql/orchestrator}),
 * and the Guardian schema's ({@code sql/guardian}) to the target database where asked, and exits.
 */
public final class MigrateCommand extends ConfiguredCommand<OrchestratorConfiguration> {

    public MigrateCommand() {
        super("db", "Database commands: 'db migrate' applies the Flyway migrations");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("migrate").help("what to do");
        super.configure(subparser);
    }

    @Override
    protected void run(Bootstrap<OrchestratorConfiguration> bootstrap, Namespace namespace,
                       OrchestratorConfiguration configuration) throws Exception {
        DatabaseSettings settings = configuration.getDatabase();
        settings.setMigrateOnStart(false);
        DatabaseServer server = DatabaseServer.start(settings);
        try {
            boolean guardian = DatabaseMigrator.migrate(DatabaseServer.unpooled(settings),
                    DatabaseServer.unpooled(settings.targetAddress()), settings.guardianMigration());
            System.out.println("Orchestrator migrations applied to " + settings.jdbcUrl() + "; Guardian migrations "
                    + (guardian ? "applied to " : "not applied to ") + settings.targetAddress().jdbcUrl()
                    + (guardian ? "" : " (" + whyNot(settings.guardianMigration()) + ")"));
        } finally {
            server.stop();
        }
    }

    private static String whyNot(GuardianMigration guardian) {
        return guardian == GuardianMigration.SKIP ? "ORCH_MIGRATE_GUARDIAN=false"
                : "ORCH_MIGRATE_GUARDIAN unset and no Guardian history there";
    }
}
