package org.guardian.orchestrator.testing.pg;

import java.util.Map;

/** Where the test PostgreSQL servers come from: embedded, Testcontainers or an external server. */
public interface PgProvider {

    /** A server for {@code purpose} (a short lower-case word: its data directory, container or database name). */
    PgServer start(String purpose);

    /**
     * A server of its own for {@code purpose}, started with {@code settings}; only where it can
     * {@link ServerNeed#SERVER_SETTINGS}.
     */
    default PgServer startWith(String purpose, Map<String, String> settings) {
        throw new UnsupportedOperationException(name() + " cannot start a server with settings " + settings);
    }

    /** Whether it can do what a test {@link NeedsServer needs}. */
    boolean can(ServerNeed need);

    /** Its name in the log and in the reason of a skipped test: embedded, testcontainers, external. */
    String name();
}
