package org.guardian.orchestrator.testing;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import org.guardian.jobs.OperationRegistry;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.scheduler.ExecutionListener;
import org.guardian.orchestrator.scheduler.OrchestratorNode;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    private final List<ComboPooledDataSource> pools = new ArrayList<>();
    private final Map<OrchestratorNode, ComboPooledDataSource> poolOf = new IdentityHashMap<>();

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
        SchedulerSettings settings = new SchedulerSettings();
        settings.setNodeId(nodeId);
        settings.setThreads(4);
        settings.setReconcileIntervalSeconds(2);
        settings.setShutdownTimeoutSeconds(5);
        tweak.accept(settings);
        return start(settings);
    }

    public OrchestratorNode start(SchedulerSettings settings) throws Exception {
        DatabaseSettings database = new DatabaseSettings();
        database.setUrl(db.jdbcUrl());
        database.setUser(db.user());
        ComboPooledDataSource pool = new ComboPooledDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUser(db.user());
        pool.setMaxPoolSize(10);
        pools.add(pool);
        Jdbi jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        OrchestratorNode node = new OrchestratorNode(settings, database, pool, jdbi, OperationRegistry.load(true),
                Clock.systemUTC(), ExecutionListener.NONE);
        node.start();
        nodes.add(node);
        poolOf.put(node, pool);
        return node;
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
        return poolOf.get(node);
    }

    public void stop(OrchestratorNode node) throws Exception {
        node.stop();
        nodes.remove(node);
    }

    @Override
    public void close() throws Exception {
        for (OrchestratorNode node : new ArrayList<>(nodes)) {
            node.stop();
        }
        nodes.clear();
        poolOf.clear();
        pools.forEach(ComboPooledDataSource::close);
        pools.clear();
    }
}
