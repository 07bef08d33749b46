package org.guardian.orchestrator.testing.pg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The tests' view of an external server: databases and roles named with the run's suffix, created
 * through the database of {@code ORCH_TEST_DB_URL}, dropped at {@link #close()}.
 */
final class ExternalServer extends PgServer {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalServer.class);
    private final ExternalLogin login;
    private final String suffix;
    private final String purpose;
    private final List<String> databases = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    ExternalServer(ExternalLogin login, String suffix, String purpose) {
        this.login = login;
        this.suffix = suffix;
        this.purpose = purpose;
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(login.url(), database);
    }

    @Override
    public String defaultDatabase() {
        return nameOf(purpose);
    }

    @Override
    public String user() {
        return login.user();
    }

    @Override
    public String password() {
        return login.password();
    }

    @Override
    public String nameOf(String name) {
        return name + "_" + suffix;
    }

    @Override
    public synchronized String roleName(String name) {
        String role = nameOf(name);
        if (!roles.contains(role)) {
            roles.add(role);
        }
        return role;
    }

    @Override
    protected String adminUrl() {
        return login.url();
    }

    @Override
    protected synchronized void created(String database) {
        databases.add(database);
    }

    /** Drops this run's databases, then its roles (they may hold privileges only in those databases). */
    @Override
    public synchronized void close() {
        for (String database : databases) {
            dropQuietly("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        for (String role : roles) {
            dropQuietly("DROP ROLE IF EXISTS " + role);
        }
        databases.clear();
        roles.clear();
    }

    private void dropQuietly(String sql) {
        try {
            execute(sql);
        } catch (RuntimeException e) {
            LOG.warn("left on {}: {} failed ({})", login, sql, e.getCause() == null ? e : e.getCause().getMessage());
        }
    }
}
