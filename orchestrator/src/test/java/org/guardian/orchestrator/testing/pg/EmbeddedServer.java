package org.guardian.orchestrator.testing.pg;

import org.guardian.orchestrator.db.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An embedded PostgreSQL with its data under {@code target/}; it trusts local connections. */
final class EmbeddedServer extends PgServer {
    private final Path dataDir;
    private final int port;
    private final Map<String, String> settings;
    private EmbeddedPostgresServer server;

    private EmbeddedServer(Path dataDir, Map<String, String> settings, EmbeddedPostgresServer server) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.server = server;
        this.port = server.port();
    }

    static EmbeddedServer start(String purpose) {
        return start(purpose, Map.of());
    }

    /** A server with further {@code settings} (e.g. shared_preload_libraries). */
    static EmbeddedServer start(String purpose, Map<String, String> settings) {
        try {
            Path dataDir = Files.createTempDirectory(Path.of("target"), purpose).resolve("data");
            return new EmbeddedServer(dataDir, settings, EmbeddedPostgresServer.start(dataDir, 0, settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    @Override
    public String defaultDatabase() {
        return "postgres";
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public synchronized void stop() throws IOException {
        server.close();
    }

    @Override
    public synchronized void start() throws IOException {
        server = EmbeddedPostgresServer.start(dataDir, port, settings);
    }

    @Override
    public synchronized void close() {
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // stopped already, or the JVM is going away
        }
    }
}
