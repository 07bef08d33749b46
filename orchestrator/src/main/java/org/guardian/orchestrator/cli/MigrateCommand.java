package org.guardian.orchestrator.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.config.DatabaseSettings;
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
        settings.setMigrateOnStart(true);
        DatabaseServer.start(settings).stop();
        System.out.println("Migrations applied to " + settings.jdbcUrl() + "; Guardian schema on "
                + settings.targetAddress().jdbcUrl() + ": " + settings.guardianMigration());
    }
}
