package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The monthly-partitioned tables of schema public, read from the catalog (the only names accepted). */
final class PartitionedTables {
    private PartitionedTables() {
    }

    static List<String> existing(Connection connection) throws SQLException {
        return Jdbc.queryStrings(connection, """
                SELECT c.relname FROM pg_partitioned_table pt
                  JOIN pg_class c ON c.oid = pt.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' ORDER BY c.relname""");
    }

    /** Throws naming every requested table that is not a partitioned table of schema public. */
    static void requireAll(Connection connection, List<String> requested) throws SQLException {
        List<String> known = existing(connection);
        List<String> unknown = requested.stream().filter(t -> !known.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not partitioned tables of schema public: " + unknown + "; known: " + known);
        }
    }
}
