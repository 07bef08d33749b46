package org.guardian.orchestrator.testing.pg;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether a Docker engine answers. Testcontainers is asked only when one of the places it looks
 * for an engine exists: on a machine without any, asking it costs seconds and error logs.
 */
final class DockerProbe {
    private static final List<String> HOME_SOCKETS = List.of(".docker/run/docker.sock", ".docker/desktop/docker.sock",
            ".colima/default/docker.sock", ".rd/docker.sock", ".testcontainers.properties");

    private DockerProbe() {
    }

    static boolean dockerAnswers() {
        return mayHaveDocker(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("os.name", ""), Files::exists) && DockerClientFactory.instance().isDockerAvailable();
    }

    /** Whether Testcontainers could find an engine: DOCKER_HOST, a known socket, its own settings file, or Windows. */
    static boolean mayHaveDocker(Map<String, String> env, Path home, String osName, Predicate<Path> exists) {
        if (!env.getOrDefault("DOCKER_HOST", "").isBlank() || osName.toLowerCase().startsWith("windows")) {
            return true;
        }
        String runtimeDir = env.getOrDefault("XDG_RUNTIME_DIR", "");
        if (!runtimeDir.isBlank() && exists.test(Path.of(runtimeDir, "docker.sock"))) {
            return true;
        }
        return exists.test(Path.of("/var/run/docker.sock"))
                || HOME_SOCKETS.stream().anyMatch(socket -> exists.test(home.resolve(socket)));
    }
}
