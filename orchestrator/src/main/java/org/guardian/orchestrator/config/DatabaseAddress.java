package org.guardian.orchestrator.config;

/** Where a PostgreSQL database is and whom to connect to it as. */
public record DatabaseAddress(String jdbcUrl, String user, String password) {

    /** Whether both name the same database (the same URL; the user does not matter). */
    public boolean sameDatabaseAs(DatabaseAddress other) {
        return jdbcUrl.equals(other.jdbcUrl);
    }

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return user + "@" + jdbcUrl;
    }
}
