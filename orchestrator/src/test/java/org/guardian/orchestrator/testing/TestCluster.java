package org.guardian.orchestrator.testing;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.NotificationSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.db.Database;
import org.guardian.orchestrator.scheduler.execution.ExecutionListener;
import org.guardian.orchestrator.scheduler.NodeContext;
import org.guardian.orchestrator.scheduler.store.NodeLiveness;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Several orchestrator nodes in this JVM on the shared test database, each with its own Quartz
 * scheduler, pools and liveness lock, as db-scheduler's cluster tests do it. Registered as an
 * extension ({@code @RegisterExtension final TestCluster cluster = new TestCluster(TestDatabase.get())})
 * it empties the orchestrator tables before each test and stops every node after it; it can be
 * closed and started again within a test.
 */
public final class TestCluster implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final TestDatabase db;
    private final List<OrchestratorNode> nodes = new ArrayList<>();
    /** Starts in the background, awaited before the cluster closes (a failed test may leave one going). */
    private final List<CompletableFuture<OrchestratorNode>> starting = new ArrayList<>();
    private final Map<OrchestratorNode, Database> pools = new LinkedHashMap<>();
    private final Set<String> fenced = ConcurrentHashMap.newKeySet();

    public TestCluster(TestDatabase db) {
        this.db = db;
    }

    /** Starts a node with id {@code nodeId}, 1 s check-ins and the diagnostic operations. */
    public OrchestratorNode start(String nodeId) throws Exception {
        return start(nodeId, settings -> {
        });
    }

    /** Starts a node after {@code tweak} adjusted its settings. */
    public OrchestratorNode start(String nodeId, java.util.function.Consumer<SchedulerSettings> tweak) throws Exception {
        return start(settings(nodeId, tweak), System::nanoTime);
    }

    /** Starts a node after {@code tweak} adjusted its settings, on {@code clock}. */
    public OrchestratorNode start(String nodeId, java.util.function.Consumer<SchedulerSettings> tweak, Clock clock)
            throws Exception {
        return start(settings(nodeId, tweak), System::nanoTime, NotificationSettings.none(), clock);
    }

    /** {@link #start(String, java.util.function.Consumer)} on another thread (a start that waits for a lock). */
    public CompletableFuture<OrchestratorNode> startInBackground(String nodeId,
            java.util.function.Consumer<SchedulerSettings> tweak) {
        CompletableFuture<OrchestratorNode> start = CompletableFuture.supplyAsync(() -> {
            try {
                return start(nodeId, tweak);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        synchronized (this) {
            starting.add(start);
        }
        return start;
    }

    /** Starts a node whose loops' progress is measured with {@code ticker}. */
    public OrchestratorNode start(String nodeId, LongSupplier ticker) throws Exception {
        return start(settings(nodeId, settings -> {
        }), ticker);
    }

    /** For a node that makes no reconciliation pass of its own during a test: no poll within a minute, no NOTIFY heard. */
    public static void noPassesOfItsOwn(SchedulerSettings settings) {
        settings.setReconcileIntervalSeconds(60);
        settings.setReconcileOnNotify(false);
    }

    private static SchedulerSettings settings(String nodeId, java.util.function.Consumer<SchedulerSettings> tweak) {
        SchedulerSettings settings = new SchedulerSettings();
        settings.setNodeId(nodeId);
        settings.setThreads(4);
        settings.setReconcileIntervalSeconds(2);
        settings.setShutdownTimeoutSeconds(5);
        tweak.accept(settings);
        return settings;
    }

    public OrchestratorNode start(SchedulerSettings settings) throws Exception {
        return start(settings, System::nanoTime);
    }

    /** Starts a node with these notification channels. */
    public OrchestratorNode start(String nodeId, NotificationSettings notifying) throws Exception {
        return start(settings(nodeId, settings -> {
        }), System::nanoTime, notifying);
    }

    private OrchestratorNode start(SchedulerSettings settings, LongSupplier ticker) throws Exception {
        return start(settings, ticker, NotificationSettings.none());
    }

    private OrchestratorNode start(SchedulerSettings settings, LongSupplier ticker, NotificationSettings notifying)
            throws Exception {
        return start(settings, ticker, notifying, Clock.systemUTC());
    }

    private OrchestratorNode start(SchedulerSettings settings, LongSupplier ticker, NotificationSettings notifying,
                                   Clock clock) throws Exception {
        DatabaseSettings database = new DatabaseSettings();
        database.setUrl(db.jdbcUrl());
        database.setUser(db.user());
        database.setPassword(db.password());
        database.setPoolSize(10);
        NodeLiveness liveness = NodeLiveness.join(database, settings.resolveNodeId());
        Database pool = Database.open(database, liveness.identity(), database.getPoolSize());
        NodeContext context = new NodeContext(settings, database, liveness, pool.dataSource(), pool.jdbi(),
                clock, ticker);
        AtomicReference<OrchestratorNode> self = new AtomicReference<>();
        OrchestratorNode node = new OrchestratorNode(context, OperationRegistry.load(true), ExecutionListener.NONE,
                why -> haltFenced(self.get(), pool), notifying);
        self.set(node);
        synchronized (this) { // nodes may be started from several threads at once
            pools.put(node, pool);
        }
        node.start();
        synchronized (this) {
            nodes.add(node);
        }
        return node;
    }

    /** A fenced node of this JVM halts and closes its pool (a node process would exit), on a thread of its own. */
    private void haltFenced(OrchestratorNode node, Database pool) {
        fenced.add(node.nodeId());
        Thread halt = new Thread(() -> {
            node.halt();
            pool.stop();
        }, "halt-" + node.nodeId());
        halt.setDaemon(true);
        halt.start();
    }

    /** The ids of the nodes of this cluster that learnt they were fenced. */
    public Set<String> fenced() {
        return fenced;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        db.resetOrchestrator();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    public List<OrchestratorNode> nodes() {
        return nodes;
    }

    /** The application pool of {@code node} (attempts, records, background loops). */
    public ComboPooledDataSource pool(OrchestratorNode node) {
        return pools.get(node).pool();
    }

    /** Stops a node and closes its pool, as its process would on a clean stop. */
    public void stop(OrchestratorNode node) throws Exception {
        node.stop();
        nodes.remove(node);
        pools.remove(node).stop();
        endSessions(node);
    }

    /**
     * A stopped node's process would be gone; in this JVM a step its stop deadline gave up on may
     * still hold sessions: they are ended (its incarnation is, so no new one opens), so that nothing
     * of it writes into the next test.
     */
    private void endSessions(OrchestratorNode node) {
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'guardian/"
                + node.liveness().identity().incarnation() + "/%'");
    }

    @Override
    public void close() throws Exception {
        for (CompletableFuture<OrchestratorNode> start : List.copyOf(starting)) {
            try {
                start.get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                // the test saw it fail, or does not care; nothing started to stop
            }
        }
        starting.clear();
        for (OrchestratorNode node : new ArrayList<>(nodes)) {
            if (!fenced.contains(node.nodeId())) {
                node.stop();
            }
        }
        pools.values().forEach(Database::stop);
        nodes.forEach(this::endSessions);
        nodes.clear();
        pools.clear();
        fenced.clear();
    }
}
