package org.guardian.orchestrator.testing.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL primary and hot standby of their own, made and driven by
 * {@code ops/db/primary-standby.sh} from Debian's binaries; its {@link #jdbcUrl} names both hosts
 * with {@code targetServerType=primary}, as a site with a failover manager configures the nodes.
 */
public final class StandbyPair extends PgServer {
    private static final Path SCRIPT = Path.of("../ops/db/primary-standby.sh").toAbsolutePath().normalize();
    private final Path dir;
    private final int primaryPort;
    private final int standbyPort;
    private final String mode;

    private StandbyPair(Path dir, int primaryPort, int standbyPort, String mode) {
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
        this.mode = mode;
    }

    /** Whether this machine has the binaries the script needs (Debian's pg_basebackup). */
    public static boolean available() {
        try (var bins = Files.list(Path.of("/usr/lib/postgresql"))) {
            return bins.anyMatch(v -> Files.isExecutable(v.resolve("bin/pg_basebackup")));
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates and starts both servers; {@code synchronous}: remote_apply replication, else asynchronous. */
    public static StandbyPair start(boolean synchronous) {
        try {
            Path dir = Path.of("/tmp", "guardian-ha-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            StandbyPair pair = new StandbyPair(dir, freePort(), freePort(), synchronous ? "sync" : "async");
            pair.run("up", pair.mode);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the primary at once (pg_ctl stop -m immediate), as a lost machine. */
    public void stopPrimary() {
        run("stop-primary");
    }

    /** Promotes the standby and returns once it accepts writes. */
    public void promote() {
        run("promote");
    }

    /** Starts the stopped old primary again, as a primary: a split brain. */
    public void startOldPrimary() {
        run("start-old-primary");
    }

    /** The URL of {@code database} on the first server (the primary until the failover) alone. */
    public String firstServerUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + database;
    }

    /** The URL of {@code database} on the second server (the standby, then the promoted primary) alone. */
    public String secondServerUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/" + database;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + database
                + "?targetServerType=primary&connectTimeout=3&hostRecheckSeconds=2";
    }

    @Override
    public String defaultDatabase() {
        return "guardian";
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
    public void close() {
        run("down");
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "primary-standby.log").toFile()));
        builder.environment().put("HA_DIR", dir.toString());
        builder.environment().put("HA_PRIMARY_PORT", Integer.toString(primaryPort));
        builder.environment().put("HA_STANDBY_PORT", Integer.toString(standbyPort));
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed (see target/primary-standby.log)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
