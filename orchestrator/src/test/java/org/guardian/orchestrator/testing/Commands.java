package org.guardian.orchestrator.testing;

import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import org.guardian.orchestrator.OrchestratorApplication;
import org.guardian.orchestrator.OrchestratorConfiguration;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Runs the application's commands ({@code check}, {@code server}, {@code db migrate}, ...) in this JVM, as the jar would. */
public final class Commands {
    private Commands() {
    }

    /** @return the failure, if the command failed; its messages went to {@code err} */
    public static Optional<Throwable> run(OutputStream err, String... arguments) throws Exception {
        OrchestratorApplication application = new OrchestratorApplication();
        Bootstrap<OrchestratorConfiguration> bootstrap = new Bootstrap<>(application);
        bootstrap.addCommand(new CheckCommand<>(application));
        bootstrap.addCommand(new ServerCommand<>(application));
        application.initialize(bootstrap);
        return new Cli(new JarLocation(OrchestratorApplication.class), bootstrap, new ByteArrayOutputStream(), err)
                .run(arguments);
    }
}
