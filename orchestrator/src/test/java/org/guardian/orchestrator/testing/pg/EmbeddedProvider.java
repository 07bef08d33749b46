package org.guardian.orchestrator.testing.pg;

import java.util.Map;

/**
 * zonky's embedded PostgreSQL: the binaries on the test class path, which the Maven profile of
 * {@code -Dtest.pg} chooses (17 without it). It can do everything a test needs.
 */
final class EmbeddedProvider implements PgProvider {
    private final Integer major;

    EmbeddedProvider(Integer major) {
        this.major = major;
    }

    @Override
    public PgServer start(String purpose) {
        return PgProviders.checked(EmbeddedServer.start(purpose), name(), major,
                "run Maven with -Dtest.pg=" + major + ", whose profile puts those binaries on the test class path");
    }

    @Override
    public PgServer startWith(String purpose, Map<String, String> settings) {
        return EmbeddedServer.start(purpose, settings);
    }

    @Override
    public boolean can(ServerNeed need) {
        return true;
    }

    @Override
    public String name() {
        return "embedded";
    }
}
