package org.guardian.orchestrator.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** An orchestrator node in its own JVM (the packaged jar), so that a test can kill -9 it. */
public final class NodeProcess implements AutoCloseable {
    /** The password of the node's {@code admin} user. */
    public static final String ADMIN_PASSWORD = "test-admin-password";
    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static NodeProcess start(TestDatabase db, String nodeId) throws IOException {
        return start(db, nodeId, Map.of());
    }

    /** A node process with {@code more} environment variables (e.g. notification channels). */
    public static NodeProcess start(TestDatabase db, String nodeId, Map<String, String> more) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("ORCH_DB_URL", db.jdbcUrl(), "ORCH_DB_USER", db.user(),
                "ORCH_DB_PASSWORD", db.password()));
        env.putAll(more);
        return launch(nodeId, env);
    }

    /** A node process on its own embedded PostgreSQL (no ORCH_DB_URL), its data in {@code dataDir}. */
    public static NodeProcess startEmbedded(Path dataDir, String nodeId) throws IOException {
        return launch(nodeId, Map.of("ORCH_DATA_DIR", dataDir.toString()));
    }

    private static NodeProcess launch(String nodeId, Map<String, String> more) throws IOException {
        Path jar = Path.of("target", "guardian-orchestrator.jar");
        Path config = Path.of("..", "config.yml");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Run 'mvn verify' (package phase) first: " + jar.toAbsolutePath());
        }
        Path log = Files.createTempFile(Path.of("target"), "node-" + nodeId + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-Xmx256m", "-jar", jar.toString(), "server",
                config.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ORCH_DB_"));
        env.put("ORCH_NODE_ID", nodeId);
        env.put("ORCH_HTTP_PORT", "0");
        env.put("ORCH_ADMIN_PORT", "0");
        env.put("ORCH_DIAGNOSTICS", "true");
        env.put("ORCH_THREADS", "4");
        env.put("ORCH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putAll(more);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new NodeProcess(builder.start(), log);
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** SIGKILL: no shutdown hook, no clean-up, the session dies with the process. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the JVM freezes (as in a long GC pause or a suspended VM); its sessions stay open. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT: the frozen JVM goes on where it stopped. */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM, as a service manager stops a node, and the exit status once it has ended. */
    public int stop(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node did not stop within " + within);
        }
        return process.exitValue();
    }

    /** The exit status, once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
