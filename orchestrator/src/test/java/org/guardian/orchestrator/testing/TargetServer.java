package org.guardian.orchestrator.testing;

import org.guardian.orchestrator.testing.pg.PgProviders;
import org.guardian.orchestrator.testing.pg.PgServer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A second PostgreSQL server of the test JVM, for the target database of a node whose operations
 * run elsewhere than its orchestrator's database. Backend pids and sessions belong to a server, so
 * only a target on another server shows that a cancel or a fence reaches the right one. From the
 * same provider as {@link TestDatabase}; on an external server it is that same server (tests that
 * need a second one declare {@code SECOND_SERVER}).
 */
public final class TargetServer implements AutoCloseable {
    private static final Path GUARDIAN_SQL = Path.of("..", "sql", "guardian").toAbsolutePath().normalize();
    private static TargetServer instance;

    private final PgServer server;
    private final List<Long> frozen = new ArrayList<>();

    private TargetServer(PgServer server) {
        this.server = server;
    }

    /** Starts the server on first use. */
    public static synchronized TargetServer get() {
        if (instance == null) {
            PgServer server = PgProviders.get().start("target_pg");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            instance = new TargetServer(server);
        }
        return instance;
    }

    /** A server of the caller's own, which it may stop and start (an outage of the target) and closes. */
    public static TargetServer own(String name) {
        return new TargetServer(PgProviders.get().start(name));
    }

    public void stop() throws Exception {
        server.stop();
    }

    public void start() throws Exception {
        server.start();
    }

    /**
     * Freezes every process of the server (SIGSTOP), as a hung disk or a suspended VM would:
     * connections are accepted by the kernel and then nothing answers. {@link #thaw()} undoes it.
     */
    public void freeze() throws Exception {
        String dataDirectory;
        try (Connection c = server.dataSource(server.jdbcUrl(server.defaultDatabase())).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDirectory = rs.getString(1);
        }
        long postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());
        frozen.clear();
        frozen.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> frozen.add(p.pid()));
        signal("-STOP");
    }

    public void thaw() throws Exception {
        signal("-CONT");
        frozen.clear();
    }

    /** Signals the postmaster, which must exist, and its children (one that just ended is let go). */
    private void signal(String signal) throws Exception {
        for (int i = 0; i < frozen.size(); i++) {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(frozen.get(i))).redirectErrorStream(true)
                    .start();
            if (kill.waitFor() != 0 && i == 0) {
                throw new IllegalStateException("kill " + signal + " " + frozen.get(i) + ": "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        }
    }

    /** Stops the server, thawed first if it is frozen. */
    @Override
    public void close() {
        try {
            thaw();
        } catch (Exception e) {
            throw new IllegalStateException("cannot thaw the server to close it", e);
        } finally {
            server.close();
        }
    }

    /** A new, empty database on this server (its name may carry a run suffix); returns its JDBC URL. */
    public String emptyDatabase(String name) {
        return server.createDatabase(name);
    }

    /**
     * A new database holding the Guardian schema as a real Guardian database does: its objects
     * created by plain SQL, with no migration history. Returns its JDBC URL.
     */
    public String guardianDatabase(String name) {
        String url = emptyDatabase(name);
        DataSource database = server.dataSource(url);
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

    public String password() {
        return server.password();
    }

    /** Connections to {@code url}, a database of this server. */
    public DataSource dataSource(String url) {
        return server.dataSource(url);
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
}
