package org.guardian.orchestrator.testing.pg;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the tests find an external PostgreSQL: a JDBC URL (any database of the server) and a role
 * that may create databases and roles.
 */
public record ExternalLogin(String url, String user, String password) {

    /**
     * From {@code ORCH_TEST_DB_URL}, {@code ORCH_TEST_DB_USER}, {@code ORCH_TEST_DB_PASSWORD}. The URL
     * may list one server per test JVM, comma-separated: JVM {@code fork} (1 to {@code forks}) takes
     * its own, for some tests read the server's whole {@code pg_stat_activity}.
     */
    static ExternalLogin fromEnv(Map<String, String> env, int fork, int forks) {
        String urls = env.getOrDefault("ORCH_TEST_DB_URL", "").trim();
        String user = env.getOrDefault("ORCH_TEST_DB_USER", "").trim();
        List<String> servers = Arrays.stream(urls.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (servers.isEmpty() || !servers.stream().allMatch(url -> url.startsWith("jdbc:postgresql://")) || user.isEmpty()) {
            throw new IllegalArgumentException("test.db=external needs ORCH_TEST_DB_URL (jdbc:postgresql://host:port/database),"
                    + " ORCH_TEST_DB_USER and ORCH_TEST_DB_PASSWORD of a role that may create databases and roles;"
                    + " ORCH_TEST_DB_URL is " + (urls.isEmpty() ? "unset" : "'" + urls + "'")
                    + ", ORCH_TEST_DB_USER is " + (user.isEmpty() ? "unset" : "set"));
        }
        if (servers.size() < forks) {
            throw new IllegalArgumentException("ORCH_TEST_DB_URL names " + servers.size() + " server(s) but the"
                    + " integration tests run in " + forks + " JVMs (it.forks=" + forks + "): give one server per JVM,"
                    + " comma-separated, or -Dit.forks=1 (JVMs sharing a server see each other's sessions)");
        }
        return new ExternalLogin(servers.get(fork - 1), user, env.getOrDefault("ORCH_TEST_DB_PASSWORD", ""));
    }

    @Override
    public String toString() {
        return url + " as " + user;
    }
}
