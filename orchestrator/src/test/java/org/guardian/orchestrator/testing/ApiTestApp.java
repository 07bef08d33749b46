package org.guardian.orchestrator.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.guardian.orchestrator.OrchestratorApplication;
import org.guardian.orchestrator.OrchestratorConfiguration;

import java.nio.file.Path;
import java.util.stream.Stream;

/** A whole orchestrator node on the shared test database, with the three users' passwords set. */
public final class ApiTestApp {
    public static final String ADMIN_PASSWORD = "admin-test-password";
    public static final String OPERATOR_PASSWORD = "operator-test-password";
    public static final String VIEWER_PASSWORD = "viewer-test-password";

    private ApiTestApp() {
    }

    public static DropwizardAppExtension<OrchestratorConfiguration> node(String nodeId) {
        TestDatabase db = TestDatabase.get();
        return node(nodeId, db.jdbcUrl(), db.user(), db.password(), true);
    }

    /** A node on database {@code jdbcUrl}, connecting as {@code user}, with {@code more} overrides. */
    public static DropwizardAppExtension<OrchestratorConfiguration> node(String nodeId, String jdbcUrl, String user,
                                                                         String password, boolean migrateOnStart,
                                                                         ConfigOverride... more) {
        return new DropwizardAppExtension<>(OrchestratorApplication.class,
                Path.of("..", "config.yml").toAbsolutePath().toString(),
                Stream.concat(Stream.of(overrides(nodeId, jdbcUrl, user, password, migrateOnStart)), Stream.of(more))
                        .toArray(ConfigOverride[]::new));
    }

    private static ConfigOverride[] overrides(String nodeId, String jdbcUrl, String user, String password,
                                              boolean migrateOnStart) {
        return new ConfigOverride[]{
                ConfigOverride.config("database.url", jdbcUrl),
                ConfigOverride.config("database.user", user),
                ConfigOverride.config("database.password", password),
                ConfigOverride.config("database.migrateOnStart", String.valueOf(migrateOnStart)),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("scheduler.nodeId", nodeId),
                ConfigOverride.config("auth.adminPassword", ADMIN_PASSWORD),
                ConfigOverride.config("auth.operatorPassword", OPERATOR_PASSWORD),
                ConfigOverride.config("auth.viewerPassword", VIEWER_PASSWORD),
                ConfigOverride.config("diagnostics", "true"),
                ConfigOverride.config("logging.level", "WARN")};
    }

    public static String passwordOf(String user) {
        return switch (user) {
            case "admin" -> ADMIN_PASSWORD;
            case "operator" -> OPERATOR_PASSWORD;
            case "viewer" -> VIEWER_PASSWORD;
            default -> "no-such-password";
        };
    }
}
