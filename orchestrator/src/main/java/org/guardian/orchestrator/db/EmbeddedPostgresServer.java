package org.guardian.orchestrator.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A PostgreSQL server from zonky's embedded binaries, with its data in a persistent directory.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (containers, CI), the binaries are
 * unpacked ahead of zonky, in the directory zonky would use, and {@code initdb} and {@code pg_ctl}
 * are wrapped so that they drop to the unprivileged user {@code nobody}; zonky then finds the
 * unpacked binaries and uses them unchanged.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final List<String> WRAPPED = List.of("initdb", "pg_ctl");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts (or restarts on existing data) a server on {@code port}; 0 picks a free port. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
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
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
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
