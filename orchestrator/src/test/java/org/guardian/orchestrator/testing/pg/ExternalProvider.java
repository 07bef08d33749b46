package org.guardian.orchestrator.testing.pg;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An existing PostgreSQL server: the tests create their own databases and roles on it, each name
 * ending in this run's suffix, and drop them at the end. It cannot be stopped and is one server.
 */
final class ExternalProvider implements PgProvider {
    private final ExternalLogin login;
    private final String suffix;
    private final boolean superuser;
    private final Integer major;

    private ExternalProvider(ExternalLogin login, String suffix, boolean superuser, Integer major) {
        this.login = login;
        this.suffix = suffix;
        this.superuser = superuser;
        this.major = major;
    }

    /** Checks that the role may create databases and roles; {@code major}, when given, is checked by {@link #start}. */
    static ExternalProvider connect(ExternalLogin login, Integer major) {
        try (Connection connection = new ExternalServer(login, "", "").dataSource(login.url()).getConnection();
             Statement statement = connection.createStatement();
             ResultSet role = statement.executeQuery("SELECT rolsuper, rolcreatedb AND rolcreaterole FROM pg_roles"
                     + " WHERE rolname = current_user")) {
            role.next();
            if (!role.getBoolean(1) && !role.getBoolean(2)) {
                throw new IllegalStateException("ORCH_TEST_DB_USER " + login.user()
                        + " may not create databases and roles: it needs CREATEDB and CREATEROLE (or SUPERUSER)");
            }
            return new ExternalProvider(login, runSuffix(), role.getBoolean(1), major);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to ORCH_TEST_DB_URL " + login + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PgServer start(String purpose) {
        ExternalServer server = new ExternalServer(login, suffix, purpose);
        server.createDatabase(purpose);
        return PgProviders.checked(server, name(), major, "ORCH_TEST_DB_URL points at another version");
    }

    @Override
    public boolean can(ServerNeed need) {
        return need == ServerNeed.SUPERUSER && superuser;
    }

    @Override
    public String name() {
        return "external";
    }

    /** "gt" and six random characters: marks what this run created on the server. */
    private static String runSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder("gt");
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
