package org.guardian.orchestrator.testing.pg;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One PostgreSQL server of the tests, from a {@link PgProvider}: the databases and roles the tests
 * create on it, and, where the provider can, stopping and starting it on the same port and data.
 */
public abstract class PgServer implements AutoCloseable {

    /** JDBC URL of {@code database} on this server. */
    public abstract String jdbcUrl(String database);

    /** The database the tests use when they name none. */
    public abstract String defaultDatabase();

    public abstract String user();

    /** The password of {@link #user()}; empty where the server trusts local connections. */
    public abstract String password();

    /** The name a database or role the tests call {@code name} has on this server. */
    public String nameOf(String name) {
        return name;
    }

    /**
     * The name of role {@code name} on this server, for a test that creates it; an external
     * server drops it at the end.
     */
    public String roleName(String name) {
        return nameOf(name);
    }

    /** Where databases are created and dropped from: the default database unless the server says otherwise. */
    protected String adminUrl() {
        return jdbcUrl(defaultDatabase());
    }

    /** Stops the server; {@link #start()} starts it again on the same port and data. */
    public void stop() throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stop its server");
    }

    public void start() throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start its server");
    }

    @Override
    public abstract void close();

    /** A new, empty database (dropped first if it exists); returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException(name);
        }
        String actual = nameOf(name);
        execute("DROP DATABASE IF EXISTS " + actual + " WITH (FORCE)");
        execute("CREATE DATABASE " + actual);
        created(actual);
        return jdbcUrl(actual);
    }

    /** Called with each database this server created for the tests. */
    protected void created(String database) {
    }

    /** The major version of the running server (14 for 14.x). */
    public int majorVersion() {
        try (Connection connection = dataSource(adminUrl()).getConnection();
             Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server version of " + this, e);
        }
    }

    /** Connections to {@code url} as this server's user. */
    public PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user());
        if (!password().isEmpty()) {
            dataSource.setPassword(password());
        }
        return dataSource;
    }

    /** Runs {@code sql} in the {@link #adminUrl() admin database} as this server's user. */
    protected void execute(String sql) {
        try (Connection connection = dataSource(adminUrl()).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
