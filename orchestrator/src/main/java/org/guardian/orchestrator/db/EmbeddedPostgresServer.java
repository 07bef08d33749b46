package org.guardian.orchestrator.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A PostgreSQL server from zonky's embedded binaries, which zonky unpacks into a working directory
 * under {@code java.io.tmpdir}, with its data in a persistent directory that a restart reuses.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts (or restarts on existing data) a server on {@code port}; 0 picks a free port. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with further server settings (e.g. {@code shared_preload_libraries}). */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> settings) throws IOException {
        return start(dataDir, port, settings, true);
    }

    /**
     * As {@link #start(Path, int)} for a node, without zonky's JVM shutdown hook: that hook would
     * stop the server while the node still records its last outcomes; the node stops it last.
     */
    public static EmbeddedPostgresServer startForNode(Path dataDir, int port) throws IOException {
        return start(dataDir, port, Map.of(), false);
    }

    private static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> settings,
                                                boolean stopAtExit) throws IOException {
        Files.createDirectories(dataDir);
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "guardian-embedded-pg");
        Files.createDirectories(workDir);
        PgBinaryResolver resolver = DefaultPostgresBinaryResolver.INSTANCE;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.toAbsolutePath())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setPgBinaryResolver(resolver)
                .setServerConfig("max_connections", "400")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .setRegisterShutdownHook(stopAtExit);
        settings.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        LOG.info("Starting embedded PostgreSQL with data in {}", dataDir.toAbsolutePath());
        return new EmbeddedPostgresServer(builder.start());
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

}
