package org.guardian.orchestrator.config;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import org.apache.commons.text.StringSubstitutor;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How config.yml's ORCH_TARGET_DB_* and ORCH_MIGRATE_GUARDIAN decide where the operations run and what is migrated. */
@Timeout(60)
class TargetDatabaseSettingsTest {
    private static final Path CONFIG_YML = Path.of("..", "config.yml").toAbsolutePath();
    private static final String SERVER = "jdbc:postgresql://db.example.internal:5432/orchestrator";
    private static final String GUARDIAN = "jdbc:postgresql://guardian.example.internal:5432/guardian";

    @Test
    void withNoUrlAtAllTheOperationsAndTheGuardianSchemaAreOnTheEmbeddedDatabase() throws Exception {
        DatabaseSettings settings = load(Map.of());

        assertThat(settings.hasSeparateTarget()).isFalse();
        assertThat(settings.guardianMigration()).isEqualTo(GuardianMigration.APPLY);
    }

    @Test
    void onADatabaseServerTheGuardianMigrationsRunOnlyWhereTheirHistoryIs() throws Exception {
        assertThat(load(Map.of("ORCH_DB_URL", SERVER)).guardianMigration())
                .isEqualTo(GuardianMigration.WHERE_HISTORY_EXISTS);
        assertThat(load(Map.of("ORCH_TARGET_DB_URL", GUARDIAN)).guardianMigration())
                .isEqualTo(GuardianMigration.WHERE_HISTORY_EXISTS);
    }

    @Test
    void theSwitchDecidesWhenSet() throws Exception {
        assertThat(load(Map.of("ORCH_DB_URL", SERVER, "ORCH_MIGRATE_GUARDIAN", "true")).guardianMigration())
                .isEqualTo(GuardianMigration.APPLY);
        assertThat(load(Map.of("ORCH_MIGRATE_GUARDIAN", "false")).guardianMigration())
                .isEqualTo(GuardianMigration.SKIP);
    }

    @Test
    void theTargetTakesTheOrchestratorsCredentialsUnlessItNamesItsOwnUser() throws Exception {
        DatabaseSettings shared = load(Map.of("ORCH_DB_URL", SERVER, "ORCH_DB_USER", "node", "ORCH_DB_PASSWORD", "secret",
                "ORCH_TARGET_DB_URL", GUARDIAN));
        DatabaseSettings own = load(Map.of("ORCH_DB_URL", SERVER, "ORCH_DB_USER", "node", "ORCH_DB_PASSWORD", "secret",
                "ORCH_TARGET_DB_URL", GUARDIAN, "ORCH_TARGET_DB_USER", "maintenance"));

        assertThat(shared.targetAddress()).isEqualTo(new DatabaseAddress(GUARDIAN, "node", "secret"));
        assertThat(own.targetAddress()).isEqualTo(new DatabaseAddress(GUARDIAN, "maintenance", ""));
        assertThat(own.targetAddress().toString()).doesNotContain("secret");
    }

    @Test
    void theOrchestratorsOwnUrlAsTargetIsNoSecondDatabase() throws Exception {
        DatabaseSettings settings = load(Map.of("ORCH_DB_URL", SERVER, "ORCH_TARGET_DB_URL", SERVER));

        assertThat(settings.hasSeparateTarget()).isFalse();
        assertThat(settings.targetAddress()).isEqualTo(settings.orchestratorAddress());
    }

    private static DatabaseSettings load(Map<String, String> environment) throws Exception {
        YamlConfigurationFactory<OrchestratorConfiguration> factory = new YamlConfigurationFactory<>(
                OrchestratorConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new StringSubstitutor(environment)), CONFIG_YML.toString()).getDatabase();
    }
}
