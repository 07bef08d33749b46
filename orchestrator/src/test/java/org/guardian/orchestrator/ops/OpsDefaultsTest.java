package org.guardian.orchestrator.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped deployment files hold no working password and publish no admin port. */
@Timeout(60)
class OpsDefaultsTest {
    private static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();

    @Test
    void theSystemdUnitRefusesTheEnvironmentFileAsShipped() throws Exception {
        Map<String, String> shipped = environmentFile(OPS.resolve("systemd/guardian-orchestrator.env"));

        assertThat(checkEnv(shipped)).isNotZero();
    }

    @Test
    void theSystemdUnitRefusesAnExamplePassword() throws Exception {
        Map<String, String> env = environmentFile(OPS.resolve("systemd/guardian-orchestrator.env"));
        env.put("ORCH_DB_PASSWORD", "change-me");
        env.put("ORCH_ADMIN_PASSWORD", "a real one");

        assertThat(checkEnv(env)).isNotZero();
    }

    @Test
    void theSystemdUnitStartsOnceThePasswordsAreSet() throws Exception {
        Map<String, String> env = environmentFile(OPS.resolve("systemd/guardian-orchestrator.env"));
        env.put("ORCH_DB_PASSWORD", "a database secret");
        env.put("ORCH_ADMIN_PASSWORD", "an admin secret");

        assertThat(checkEnv(env)).isZero();
        assertThat(Files.readString(OPS.resolve("systemd/guardian-orchestrator.service")))
                .contains("ExecStartPre=/opt/guardian-orchestrator/check-env.sh");
    }

    @Test
    void composeTakesEveryPasswordFromTheEnvironmentAndRefusesToStartWithoutIt() throws IOException {
        List<String> passwordLines = Files.readAllLines(OPS.resolve("docker-compose.yml")).stream()
                .filter(line -> line.matches("\\s*[A-Z_]*PASSWORD: .*")).toList();

        assertThat(passwordLines).isNotEmpty().allSatisfy(line -> assertThat(line).matches(".*: \\$\\{[A-Z_]+:[?-].*\\}"));
        assertThat(passwordLines).filteredOn(line -> line.contains(":-"))
                .as("optional only for API users that may stay unable to log in")
                .allSatisfy(line -> assertThat(line).containsPattern("ORCH_(OPERATOR|VIEWER)_PASSWORD"));
        assertThat(passwordLines).anySatisfy(line -> assertThat(line).contains("GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?"));
    }

    @Test
    void neitherTheImageNorComposePublishTheAdminPort() throws IOException {
        String dockerfile = Files.readString(OPS.resolve("Dockerfile"));
        String compose = Files.readString(OPS.resolve("docker-compose.yml"));

        assertThat(dockerfile).doesNotContainPattern("(?m)^ENV .*ORCH_ADMIN_BIND").doesNotContainPattern("(?m)^EXPOSE .*8081");
        assertThat(compose).doesNotContainPattern("ports:.*8081");
        assertThat(compose).contains("\"127.0.0.1:9090:9090\"", "\"127.0.0.1:3000:3000\"");
    }

    private static int checkEnv(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", OPS.resolve("systemd/check-env.sh").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    /** KEY=VALUE lines, as systemd's EnvironmentFile reads these simple ones. */
    private static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                env.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return env;
    }
}
