package org.guardian.orchestrator.operations;

import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationResult;
import org.guardian.jobs.demo.DemoDataGenerator;
import org.guardian.orchestrator.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

/** Shared steps of the Guardian operation tests: fresh data, running an operation, independent queries. */
final class GuardianFixture {
    static final Map<String, String> SCHEDULES = Map.of(
            "process_cache_invalidation_queue", "process_cache_invalidation_queue",
            "cleanup_orphaned_data", "cleanup_orphaned_data");

    final TestDatabase db = TestDatabase.get();

    /** Empties the Guardian tables and generates {@code patients} demo patients. */
    GuardianFixture withPatients(int patients) {
        db.resetGuardian();
        if (patients > 0) {
            try (Connection connection = db.dataSource().getConnection()) {
                DemoDataGenerator.generate(connection, patients, 42);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    OperationResult run(Operation operation, Map<String, ?> config) throws Exception {
        return run(operation, config, Clock.systemDefaultZone());
    }

    OperationResult run(Operation operation, Map<String, ?> config, Clock clock) throws Exception {
        try (TestOperationContext context = context(operation, config, clock)) {
            return operation.execute(context);
        }
    }

    TestOperationContext context(Operation operation, Map<String, ?> config, Clock clock) {
        return new TestOperationContext(db.dataSource(), operation, config, clock, SCHEDULES);
    }

    long count(String sql) {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        db.execute(sql);
    }
}
