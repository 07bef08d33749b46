package org.guardian.orchestrator.testing.pg;

import java.util.Map;

/**
 * Where the tests find an external PostgreSQL: a JDBC URL (any database of the server) and a role
 * that may create databases and roles.
 */
public record ExternalLogin(String url, String user, String password) {

    /** From {@code ORCH_TEST_DB_URL}, {@code ORCH_TEST_DB_USER}, {@code ORCH_TEST_DB_PASSWORD}. */
    static ExternalLogin fromEnv(Map<String, String> env) {
        String url = env.getOrDefault("ORCH_TEST_DB_URL", "").trim();
        String user = env.getOrDefault("ORCH_TEST_DB_USER", "").trim();
        if (!url.startsWith("jdbc:postgresql://") || user.isEmpty()) {
            throw new IllegalArgumentException("test.db=external needs ORCH_TEST_DB_URL (jdbc:postgresql://host:port/database),"
                    + " ORCH_TEST_DB_USER and ORCH_TEST_DB_PASSWORD of a role that may create databases and roles;"
                    + " ORCH_TEST_DB_URL is " + (url.isEmpty() ? "unset" : "'" + url + "'")
                    + ", ORCH_TEST_DB_USER is " + (user.isEmpty() ? "unset" : "set"));
        }
        return new ExternalLogin(url, user, env.getOrDefault("ORCH_TEST_DB_PASSWORD", ""));
    }

    @Override
    public String toString() {
        return url + " as " + user;
    }
}
