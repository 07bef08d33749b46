package org.guardian.orchestrator.testing.pg;

import java.util.Map;

/**
 * PostgreSQL in Docker through Testcontainers: the official {@code postgres:N} image. Used where a
 * Docker engine answers (a laptop, GitHub Actions); each server is a container of its own.
 */
final class ContainerProvider implements PgProvider {
    private final int major;

    ContainerProvider(int major) {
        this.major = major;
    }

    @Override
    public PgServer start(String purpose) {
        return PgProviders.checked(ContainerServer.start("postgres:" + major), name(), major, "the image's own version");
    }

    @Override
    public PgServer startWith(String purpose, Map<String, String> settings) {
        return ContainerServer.start("postgres:" + major, settings);
    }

    @Override
    public boolean can(ServerNeed need) {
        return true;
    }

    @Override
    public String name() {
        return "testcontainers";
    }
}
