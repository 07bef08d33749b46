package org.guardian.orchestrator;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.cli.EmbeddedDatabaseCommand;
import org.guardian.orchestrator.cli.MigrateCommand;
import org.guardian.orchestrator.db.Database;
import org.guardian.orchestrator.resources.ApiModule;
import org.guardian.orchestrator.scheduler.ExecutionListener;
import org.guardian.orchestrator.scheduler.OrchestratorNode;

import java.time.Clock;

/** A Guardian Orchestrator node. */
public class OrchestratorApplication extends Application<OrchestratorConfiguration> {

    public static void main(String[] args) throws Exception {
        new OrchestratorApplication().run(args);
    }

    @Override
    public String getName() {
        return "guardian-orchestrator";
    }

    @Override
    public void initialize(Bootstrap<OrchestratorConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new EmbeddedDatabaseCommand());
        bootstrap.addCommand(new MigrateCommand());
    }

    @Override
    public void run(OrchestratorConfiguration config, Environment environment) throws Exception {
        Database database = Database.open(config.getDatabase());
        environment.lifecycle().manage(database);
        OperationRegistry registry = OperationRegistry.load(config.isDiagnostics());
        Clock clock = Clock.systemUTC();
        OrchestratorNode node = new OrchestratorNode(config.getScheduler(), config.getDatabase(),
                database.dataSource(), database.jdbi(), registry, clock, ExecutionListener.NONE);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() throws Exception {
                node.start();
            }

            @Override
            public void stop() throws Exception {
                node.stop();
            }
        });
        ApiModule.register(environment, config, database, node, registry, clock);
    }
}
