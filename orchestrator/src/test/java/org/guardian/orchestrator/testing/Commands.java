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
import java.util.Properties;

/** Runs the application's commands ({@code check}, {@code server}, {@code db migrate}, ...) in this JVM, as the jar would. */
public final class Commands {
    private Commands() {
    }

    /** {@code value} as a single-quoted YAML string, for configuration files written by tests. */
    public static String yaml(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** @return the failure, if the command failed; its messages went to {@code err} */
    public static Optional<Throwable> run(OutputStream err, String... arguments) throws Exception {
        // Dropwizard's test extensions pass their overrides as dw.* system properties and may leave
        // some behind (two apps in one class restore each other's); a command reads only its own file
        Properties saved = new Properties();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("dw.")) {
                saved.setProperty(name, System.getProperty(name));
                System.clearProperty(name);
            }
        }
        try {
            return runCommand(err, arguments);
        } finally {
            saved.forEach((name, value) -> System.setProperty((String) name, (String) value));
        }
    }

    private static Optional<Throwable> runCommand(OutputStream err, String... arguments) throws Exception {
        OrchestratorApplication application = new OrchestratorApplication();
        Bootstrap<OrchestratorConfiguration> bootstrap = new Bootstrap<>(application);
        bootstrap.addCommand(new CheckCommand<>(application));
        bootstrap.addCommand(new ServerCommand<>(application));
        application.initialize(bootstrap);
        return new Cli(new JarLocation(OrchestratorApplication.class), bootstrap, new ByteArrayOutputStream(), err)
                .run(arguments);
    }
}
