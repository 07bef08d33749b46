package org.guardian.orchestrator.testing.pg;

/** Where the test PostgreSQL servers come from: embedded, Testcontainers or an external server. */
public interface PgProvider {

    /** A server for {@code purpose} (a short lower-case word: its data directory, container or database name). */
    PgServer start(String purpose);

    /** Whether it can do what a test {@link NeedsServer needs}. */
    boolean can(ServerNeed need);

    /** Its name in the log and in the reason of a skipped test: embedded, testcontainers, external. */
    String name();
}
