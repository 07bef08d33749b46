package org.guardian.orchestrator;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.cli.EmbeddedDatabaseCommand;
import org.guardian.orchestrator.cli.GenerateDataCommand;
import org.guardian.orchestrator.cli.MigrateCommand;
import org.guardian.orchestrator.db.Database;
import org.guardian.orchestrator.db.DatabaseServer;
import org.guardian.orchestrator.db.TargetDatabase;
import org.guardian.orchestrator.health.BackgroundChecks;
import org.guardian.orchestrator.observability.ObservabilityModule;
import org.guardian.orchestrator.resources.ApiModule;
import org.guardian.orchestrator.resources.ConsoleAssets;
import org.guardian.orchestrator.retention.HistoryRetention;
import org.guardian.orchestrator.scheduler.store.ExitOnFence;
import org.guardian.orchestrator.scheduler.NodeContext;
import org.guardian.orchestrator.scheduler.NodePools;
import org.guardian.orchestrator.scheduler.store.NodeLiveness;
import org.guardian.orchestrator.scheduler.OrchestratorNode;

import java.time.Clock;

/** A Guardian Orchestrator node. */
public class OrchestratorApplication extends Application<OrchestratorConfiguration> {
    private volatile OrchestratorNode node;

    public static void main(String[] args) throws Exception {
        new OrchestratorApplication().run(args);
    }

    /** This node's scheduling side, once {@code run} has built it (tests and tasks). */
    public OrchestratorNode node() {
        return node;
    }

    @Override
    public String getName() {
        return "guardian-orchestrator";
    }

    @Override
    public void initialize(Bootstrap<OrchestratorConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.setHealthCheckRegistry(BackgroundChecks.registry());
        bootstrap.addCommand(new EmbeddedDatabaseCommand());
        bootstrap.addCommand(new MigrateCommand());
        bootstrap.addCommand(new GenerateDataCommand());
        ConsoleAssets.bundles().forEach(bootstrap::addBundle);
    }

    @Override
    public void run(OrchestratorConfiguration config, Environment environment) throws Exception {
        environment.lifecycle().manage(DatabaseServer.start(config.getDatabase()));
        NodeLiveness liveness = NodeLiveness.join(config.getDatabase(), config.getScheduler().resolveNodeId());
        Database database = Database.open(config.getDatabase(), liveness.identity(), config.applicationPoolSize());
        environment.lifecycle().manage(database);
        TargetDatabase target = TargetDatabase.open(config.getDatabase(), liveness.identity(),
                config.applicationPoolSize(), database);
        environment.lifecycle().manage(target);
        OperationRegistry registry = OperationRegistry.load(config.isDiagnostics());
        Clock clock = Clock.systemUTC();
        ObservabilityModule observability = ObservabilityModule.register(environment, config, database, target,
                liveness.identity(), clock);
        NodeContext context = new NodeContext(config.getScheduler(), config.getDatabase(), liveness,
                new NodePools(database.dataSource(), database.jdbi(), target.dataSource()), clock);
        node = new OrchestratorNode(context, registry, observability.listener(), new ExitOnFence(),
                config.getNotifications());
        observability.watch(node);
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
        ApiModule.register(environment, config, database.jdbi(), node, registry, clock);
        environment.lifecycle().manage(new HistoryRetention(database.jdbi(), config.getRetention(), clock));
    }
}
