package org.guardian.orchestrator.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.guardian.jobs.demo.DemoDataGenerator;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.db.DatabaseServer;

import java.sql.Connection;
import java.util.Map;

/**
 * {@code generate-data --patients N config.yml}: fills the Guardian tables of the target database
 * with synthetic patients, relationships (some orphaned), documents and years of audit rows, so
 * every operation has work.
 */
public final class GenerateDataCommand extends ConfiguredCommand<OrchestratorConfiguration> {

    public GenerateDataCommand() {
        super("generate-data", "Fill the Guardian tables with realistic synthetic demo data");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--patients").type(Integer.class).setDefault(1000).help("patients to add (default 1000)");
        subparser.addArgument("--seed").type(Long.class).setDefault(42L).help("random seed (default 42)");
    }

    @Override
    protected void run(Bootstrap<OrchestratorConfiguration> bootstrap, Namespace namespace,
                       OrchestratorConfiguration configuration) throws Exception {
        int patients = namespace.getInt("patients");
        if (patients < 1 || patients > 5_000_000) {
            throw new IllegalArgumentException("--patients must be between 1 and 5000000");
        }
        DatabaseServer server = DatabaseServer.start(configuration.getDatabase());
        try (Connection connection = DatabaseServer.unpooled(configuration.getDatabase().targetAddress())
                .getConnection()) {
            Map<String, Long> counts = DemoDataGenerator.generate(connection, patients, namespace.getLong("seed"));
            counts.forEach((table, count) -> System.out.printf("%-40s %,d%n", table, count));
        } finally {
            server.stop();
        }
    }
}
