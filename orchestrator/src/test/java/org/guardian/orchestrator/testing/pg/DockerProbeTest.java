package org.guardian.orchestrator.testing.pg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** When Testcontainers is asked for a Docker engine at all (asking costs seconds and error logs where there is none). */
@Timeout(10)
class DockerProbeTest {
    private static final Path HOME = Path.of("/home/dev");

    @Test
    void noHostVariableNoSocketNoSettingsFileMeansNoDockerWithoutAsking() {
        assertThat(DockerProbe.mayHaveDocker(Map.of(), HOME, "Linux", path -> false)).isFalse();
    }

    @Test
    void dockerHostOrWindowsMeansAsk() {
        assertThat(DockerProbe.mayHaveDocker(Map.of("DOCKER_HOST", "tcp://build:2375"), HOME, "Linux", path -> false))
                .isTrue();
        assertThat(DockerProbe.mayHaveDocker(Map.of(), HOME, "Windows 11", path -> false)).isTrue();
    }

    @Test
    void anyKnownSocketOrTheSettingsFileMeansAsk() {
        for (Path socket : Set.of(Path.of("/var/run/docker.sock"), HOME.resolve(".docker/run/docker.sock"),
                HOME.resolve(".colima/default/docker.sock"), HOME.resolve(".testcontainers.properties"),
                Path.of("/run/user/1000/docker.sock"))) {
            assertThat(DockerProbe.mayHaveDocker(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), HOME, "Mac OS X",
                    socket::equals)).as(socket.toString()).isTrue();
        }
    }
}
