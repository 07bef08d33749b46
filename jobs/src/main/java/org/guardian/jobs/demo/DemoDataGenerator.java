package org.guardian.jobs.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the Guardian tables with synthetic patients so that every maintenance operation has real
 * work: clinical records, documents with processing stages, relationships (a few percent
 * orphaned by deleted medications and archived conditions), audit rows spread over nine years
 * (so the seven-year retention has partitions to retire) and, through the triggers, a full cache
 * invalidation queue. All set-based (generate_series): 10,000 patients take seconds.
 *
 * <p>Values drawn with random() follow {@code seed}; row ids are random UUIDs.
 */
public final class DemoDataGenerator {
    /** Years of audit history generated: more than the seven-year retention, so that it has partitions to retire. */
    static final int AUDIT_YEARS = 9;

    private DemoDataGenerator() {
    }

    /**
     * Adds {@code patients} patients and their data in one transaction, then analyzes the tables.
     *
     * @return the row count of each Guardian table afterwards
     */
    public static Map<String, Long> generate(Connection connection, int patients, long seed) throws SQLException {
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement setSeed = connection.prepareStatement("SELECT setseed(?)")) {
                setSeed.setDouble(1, (Math.floorMod(seed, 2_000_001L) - 1_000_000L) / 1_000_000.0);
                setSeed.execute();
            }
            try (PreparedStatement create = connection.prepareStatement(DemoSql.PATIENTS)) {
                create.setInt(1, patients);
                create.execute();
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : DemoSql.STEPS) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : DemoSql.TABLES) {
                statement.execute("ANALYZE public." + table);
            }
        }
        return counts(connection);
    }

    private static Map<String, Long> counts(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : DemoSql.TABLES) {
                try (var rs = statement.executeQuery("SELECT COUNT(*) FROM public." + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            try (var rs = statement.executeQuery("SELECT COUNT(DISTINCT relationship_id) FROM public.orphaned_relationships")) {
                rs.next();
                counts.put("orphaned_relationships", rs.getLong(1));
            }
        }
        return counts;
    }

    /** The Guardian tables the generator fills, in dependency order. */
    public static List<String> tables() {
        return DemoSql.TABLES;
    }
}
