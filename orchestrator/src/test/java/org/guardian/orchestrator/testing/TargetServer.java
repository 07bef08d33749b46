package org.guardian.orchestrator.testing;

import org.guardian.orchestrator.db.EmbeddedPostgresServer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A second PostgreSQL server of the test JVM, for the target database of a node whose operations
 * run elsewhere than its orchestrator's database. Backend pids and sessions belong to a server, so
 * only a target on another server shows that a cancel or a fence reaches the right one.
 */
public final class TargetServer {
    private static final Path GUARDIAN_SQL = Path.of("..", "sql", "guardian").toAbsolutePath().normalize();
    private static TargetServer instance;

    private final EmbeddedPostgresServer server;

    private TargetServer(EmbeddedPostgresServer server) {
        this.server = server;
    }

    /** Starts the server on first use. */
    public static synchronized TargetServer get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of("target"), "target-pg");
                instance = new TargetServer(EmbeddedPostgresServer.start(dir.resolve("data"), 0));
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stopQuietly));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A new, empty database on this server; returns its JDBC URL. */
    public String emptyDatabase(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException(name);
        }
        DataSource postgres = TestDatabase.dataSource(server.jdbcUrl(), server.user());
        execute(postgres, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute(postgres, "CREATE DATABASE " + name);
        return server.jdbcUrl().replace("/postgres", "/" + name);
    }

    /**
     * A new database holding the Guardian schema as a real Guardian database does: its objects
     * created by plain SQL, with no migration history. Returns its JDBC URL.
     */
    public String guardianDatabase(String name) {
        String url = emptyDatabase(name);
        DataSource database = TestDatabase.dataSource(url, server.user());
        for (Path script : guardianScripts()) {
            try {
                execute(database, Files.readString(script));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return url;
    }

    public String user() {
        return server.user();
    }

    /** Connections to {@code database} of this server. */
    public DataSource dataSource(String url) {
        return TestDatabase.dataSource(url, server.user());
    }

    private static List<Path> guardianScripts() {
        try (Stream<Path> files = Files.list(GUARDIAN_SQL)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(TargetServer::version)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql.length() > 200 ? sql.substring(0, 200) + "..." : sql, e);
        }
    }

    private void stopQuietly() {
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is going away
        }
    }
}
