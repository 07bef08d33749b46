package org.guardian.orchestrator.operations;

import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

/** A Guardian database of a test's own (on a server of its own, or beside the shared one): running operations, queries, traffic. */
record OwnDatabase(DataSource dataSource) {

    OperationResult run(Operation operation, Map<String, ?> config) throws Exception {
        return run(operation, config, Clock.systemDefaultZone());
    }

    OperationResult run(Operation operation, Map<String, ?> config, Clock clock) throws Exception {
        try (TestOperationContext context = new TestOperationContext(dataSource, operation, config, clock,
                GuardianFixture.SCHEDULES)) {
            return operation.execute(context);
        }
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    Object value(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs the one-parameter query {@code sql} {@code times} times as a prepared statement, as an application would. */
    void traffic(String sql, Object parameter, int times) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            for (int i = 0; i < times; i++) {
                statement.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
