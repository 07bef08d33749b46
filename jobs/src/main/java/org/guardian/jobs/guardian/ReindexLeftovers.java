package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The invalid indexes that an interrupted {@code REINDEX INDEX CONCURRENTLY} leaves in schema
 * public: the new copy ({@code <index>_ccnew}) when it was cut while building, or the old one
 * ({@code <index>_ccold}) when it was cut while swapping. They slow every write and are never used,
 * so they are dropped; other invalid indexes (a failed CREATE INDEX CONCURRENTLY) are only reported.
 */
final class ReindexLeftovers {
    private static final String INVALID = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
              FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND NOT x.indisvalid AND (c.relname ~ '_cc(new|old)[0-9]*$') = ?
             ORDER BY c.relname""";

    private ReindexLeftovers() {
    }

    /** Drops every leftover (DROP INDEX CONCURRENTLY, autocommit) and returns their names. */
    static List<String> drop(Connection connection) throws SQLException {
        List<String> leftovers = Jdbc.queryStrings(connection, INVALID, true);
        for (String index : leftovers) {
            Jdbc.execute(connection, "DROP INDEX CONCURRENTLY IF EXISTS " + index);
        }
        return leftovers;
    }

    /** The invalid indexes of schema public that no REINDEX left, which are not ours to drop. */
    static List<String> othersInvalid(Connection connection) throws SQLException {
        return Jdbc.queryStrings(connection, INVALID, false);
    }
}
