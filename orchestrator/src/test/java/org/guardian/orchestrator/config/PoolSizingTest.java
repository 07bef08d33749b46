package org.guardian.orchestrator.config;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import org.apache.commons.text.StringSubstitutor;
import org.guardian.orchestrator.OrchestratorConfiguration;
import org.guardian.orchestrator.testing.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class PoolSizingTest {
    private static final Path CONFIG_YML = Path.of("..", "config.yml").toAbsolutePath();

    @Test
    void theDefaultsGiveTenThreadsAndFifteenConnections() throws Exception {
        OrchestratorConfiguration config = load(Map.of());
        assertThat(config.getScheduler().getThreads()).isEqualTo(10);
        assertThat(config.applicationPoolSize()).isEqualTo(15);
    }

    @Test
    void anUnsetPoolSizeFollowsTheThreads() throws Exception {
        assertThat(load(Map.of("ORCH_THREADS", "40")).applicationPoolSize()).isEqualTo(45);
    }

    @Test
    void aPoolLargerThanRequiredIsKept() throws Exception {
        assertThat(load(Map.of("ORCH_THREADS", "10", "ORCH_DB_POOL_SIZE", "30")).applicationPoolSize()).isEqualTo(30);
    }

    @Test
    void aPoolTooSmallForTheThreadsIsRefusedNamingBothVariables() {
        assertThatThrownBy(() -> load(Map.of("ORCH_THREADS", "20", "ORCH_DB_POOL_SIZE", "15")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("ORCH_DB_POOL_SIZE=15 cannot serve ORCH_THREADS=20")
                .hasMessageContaining("at least 25");
    }

    @Test
    void checkAndServerBothRefuseAPoolTooSmall(@TempDir Path dir) throws Exception {
        Path yml = dir.resolve("small-pool.yml");
        Files.writeString(yml, "database:\n  poolSize: 12\nscheduler:\n  threads: 10\n");
        for (String command : new String[] {"check", "server"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Optional<Throwable> failure = Commands.run(err, command, yml.toString());
            assertThat(failure).as(command).isPresent();
            assertThat(err.toString(StandardCharsets.UTF_8)).as(command)
                    .contains("ORCH_DB_POOL_SIZE=12 cannot serve ORCH_THREADS=10");
        }
    }

    private static OrchestratorConfiguration load(Map<String, String> environment) throws Exception {
        YamlConfigurationFactory<OrchestratorConfiguration> factory = new YamlConfigurationFactory<>(
                OrchestratorConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new StringSubstitutor(environment)), CONFIG_YML.toString());
    }
}
