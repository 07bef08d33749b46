package org.guardian.orchestrator.operations;

import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationConfig;
import org.guardian.jobs.OperationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** An attempt's context for tests: its own connection, a cancellation flag, recorded run requests. */
final class TestOperationContext implements OperationContext, AutoCloseable {
    private final DataSource dataSource;
    private final OperationConfig config;
    private final Clock clock;
    private final Map<String, String> schedules;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<String> requestedRuns = new CopyOnWriteArrayList<>();
    private volatile Connection connection;
    private volatile Runnable onCheck = () -> { };

    /** {@code schedules}: the schedules that exist, for {@link #requestRun}. */
    TestOperationContext(DataSource dataSource, Operation operation, Map<String, ?> rawConfig, Clock clock,
                         Map<String, String> schedules) {
        this.dataSource = dataSource;
        this.config = OperationConfig.validate(operation.configKeys(), rawConfig);
        this.clock = clock;
        this.schedules = schedules;
    }

    @Override
    public String scheduleName() {
        return "test";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public OperationConfig config() {
        return config;
    }

    @Override
    public synchronized Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    /** The connection if opened, for assertions after the run. */
    Connection openedConnection() {
        return connection;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public boolean isCancelled() {
        onCheck.run();
        return cancelled.get();
    }

    /** Runs {@code step} each time the operation checks for cancellation (between its steps). */
    void onEachCheck(Runnable step) {
        this.onCheck = step;
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public boolean requestRun(String scheduleName, String reason) {
        if (!schedules.containsKey(scheduleName)) {
            return false;
        }
        requestedRuns.add(scheduleName);
        return true;
    }

    List<String> requestedRuns() {
        return requestedRuns;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }
}
