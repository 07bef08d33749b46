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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared steps of the Guardian operation tests: fresh data, running an operation, independent queries. */
final class GuardianFixture {
    static final Map<String, String> SCHEDULES = Map.of(
            "process_cache_invalidation_queue", "process_cache_invalidation_queue",
            "cleanup_orphaned_data", "cleanup_orphaned_data",
            "check_connection_pool_health", "check_connection_pool_health");

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

    /** {@link #run(Operation, Map)} for another thread, its failure rethrown unchecked. */
    OperationResult runUnchecked(Operation operation, Map<String, ?> config) {
        try {
            return run(operation, config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    TestOperationContext context(Operation operation, Map<String, ?> config, Clock clock) {
        return new TestOperationContext(db.dataSource(), operation, config, clock, SCHEDULES);
    }

    /** 20,000 lab results, nine in ten deleted and vacuumed: the primary key's leaves are ~10% full. */
    void bloatLabResultsPrimaryKey() {
        withPatients(1);
        execute("INSERT INTO public.patient_lab_results (patient_id, test_name)"
                + " SELECT (SELECT id FROM public.patients LIMIT 1), 'glucose' FROM generate_series(1, 20000)");
        execute("DELETE FROM public.patient_lab_results WHERE ctid IN"
                + " (SELECT ctid FROM (SELECT ctid, row_number() OVER (ORDER BY id) n FROM public.patient_lab_results) s WHERE n % 10 <> 0)");
        execute("VACUUM public.patient_lab_results");
    }

    /** The invalid indexes of schema public, by name. */
    List<String> invalidIndexes() {
        List<String> names = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
                     + " WHERE NOT x.indisvalid AND c.relnamespace = 'public'::regnamespace ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
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
