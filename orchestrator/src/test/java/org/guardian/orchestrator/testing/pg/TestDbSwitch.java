package org.guardian.orchestrator.testing.pg;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The test database switch: {@code -Dtest.db=auto|embedded|testcontainers|external} chooses the
 * provider, {@code -Dtest.pg=14|15|16|17} the PostgreSQL major version (unset: 17 where the provider
 * picks the version, any on an external server). External takes {@code ORCH_TEST_DB_URL},
 * {@code ORCH_TEST_DB_USER} and {@code ORCH_TEST_DB_PASSWORD} from the environment, and the test
 * JVM's number {@code test.fork} of {@code test.forks} (failsafe's fork number and {@code it.forks}).
 *
 * @param provider the provider chosen
 * @param major    the major version asked for, or null when none was
 * @param external the external server's login (external only, else null)
 * @param why      how the choice was made, for the log
 */
public record TestDbSwitch(Provider provider, Integer major, ExternalLogin external, String why) {
    public static final List<String> VERSIONS = List.of("14", "15", "16", "17");
    public static final int DEFAULT_MAJOR = 17;

    /** The providers of the test PostgreSQL. */
    public enum Provider { EMBEDDED, TESTCONTAINERS, EXTERNAL }

    /** The switch of this JVM: its system properties, its environment, a Docker engine if one answers. */
    public static TestDbSwitch fromSystem() {
        Map<String, String> properties = Map.of(
                "test.db", System.getProperty("test.db", ""), "test.pg", System.getProperty("test.pg", ""),
                "test.fork", System.getProperty("test.fork", ""), "test.forks", System.getProperty("test.forks", ""));
        return choose(properties, System.getenv(), DockerProbe::dockerAnswers);
    }

    /**
     * Chooses from {@code test.db} and {@code test.pg} in {@code properties}, the external login in
     * {@code env}; {@code docker} is asked only for auto and testcontainers.
     *
     * @throws IllegalArgumentException for a value it does not know, or a provider that cannot run here
     */
    public static TestDbSwitch choose(Map<String, String> properties, Map<String, String> env, BooleanSupplier docker) {
        Integer major = major(properties.getOrDefault("test.pg", ""));
        String db = properties.getOrDefault("test.db", "").trim();
        return switch (db.isEmpty() ? "auto" : db) {
            case "auto" -> docker.getAsBoolean()
                    ? new TestDbSwitch(Provider.TESTCONTAINERS, major, null, "test.db=auto: a Docker engine answers")
                    : new TestDbSwitch(Provider.EMBEDDED, major, null, "test.db=auto: no Docker engine answers");
            case "embedded" -> new TestDbSwitch(Provider.EMBEDDED, major, null, "test.db=embedded");
            case "testcontainers" -> testcontainers(major, docker);
            case "external" -> new TestDbSwitch(Provider.EXTERNAL, major, external(properties, env), "test.db=external");
            default -> throw new IllegalArgumentException("test.db=" + db
                    + " is not a test database provider: use auto, embedded, testcontainers or external");
        };
    }

    /** The major version to run: the one asked for, else the default. */
    public int majorOrDefault() {
        return major == null ? DEFAULT_MAJOR : major;
    }

    private static TestDbSwitch testcontainers(Integer major, BooleanSupplier docker) {
        if (!docker.getAsBoolean()) {
            throw new IllegalArgumentException("test.db=testcontainers needs a Docker engine and none answers here"
                    + " (DOCKER_HOST, /var/run/docker.sock): use test.db=embedded or test.db=external");
        }
        return new TestDbSwitch(Provider.TESTCONTAINERS, major, null, "test.db=testcontainers");
    }

    /** The external server of this JVM, its number of several told by {@code test.fork}. */
    private static ExternalLogin external(Map<String, String> properties, Map<String, String> env) {
        int jvms = number(properties, "test.forks").orElse(1);
        if (jvms == 1) {
            return ExternalLogin.fromEnv(env, 1, 1);
        }
        String fork = properties.getOrDefault("test.fork", "").trim();
        int number = number(properties, "test.fork").orElseThrow(() -> new IllegalArgumentException("test.fork='"
                + fork + "' is not this JVM's number, though the integration tests run in " + jvms
                + " JVMs: failsafe's argLine sets it from ${surefire.forkNumber}"));
        return ExternalLogin.fromEnv(env, number, jvms);
    }

    /** The positive whole number {@code name} holds, if it holds one. */
    private static Optional<Integer> number(Map<String, String> properties, String name) {
        String value = properties.getOrDefault(name, "").trim();
        return value.matches("[1-9][0-9]{0,3}") ? Optional.of(Integer.valueOf(value)) : Optional.empty();
    }

    private static Integer major(String value) {
        String version = value.trim();
        if (version.isEmpty()) {
            return null;
        }
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("test.pg=" + version + " is not a tested PostgreSQL major version: use "
                    + String.join(", ", VERSIONS));
        }
        return Integer.valueOf(version);
    }
}
