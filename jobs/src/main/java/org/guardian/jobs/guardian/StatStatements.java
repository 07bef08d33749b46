package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Access to pg_stat_statements, which may be absent (not installed, or not in
 * shared_preload_libraries), with the column names of the running server: PostgreSQL 13 renamed
 * {@code mean_time}/{@code total_time} to {@code mean_exec_time}/{@code total_exec_time}, 17 renamed
 * {@code blk_read_time}/{@code blk_write_time} to {@code shared_blk_read_time}/{@code shared_blk_write_time}.
 *
 * @param relation  the view, schema-qualified and quoted
 * @param meanTime  mean execution time column (ms)
 * @param totalTime total execution time column (ms)
 * @param ioTime    expression for block read + write time (ms)
 */
record StatStatements(String relation, String meanTime, String totalTime, String ioTime) {
    static final String ABSENT = "absent";

    /** The column expressions for a server version number ({@code server_version_num}). */
    static StatStatements forVersion(String relation, int serverVersionNum) {
        String mean = serverVersionNum >= 130_000 ? "mean_exec_time" : "mean_time";
        String total = serverVersionNum >= 130_000 ? "total_exec_time" : "total_time";
        String io = serverVersionNum >= 170_000
                ? "(shared_blk_read_time + shared_blk_write_time)"
                : "(blk_read_time + blk_write_time)";
        return new StatStatements(relation, mean, total, io);
    }

    /** The view of the running server, or null when pg_stat_statements cannot be read. */
    static StatStatements detect(Connection connection) throws SQLException {
        String schema = (String) Jdbc.queryValue(connection,
                "SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                        + " WHERE e.extname = 'pg_stat_statements'");
        if (schema == null) {
            return null;
        }
        String relation = schema + ".pg_stat_statements";
        if (!readable(connection, relation)) {
            return null;
        }
        int version = (int) Jdbc.queryLong(connection, "SELECT current_setting('server_version_num')::int");
        return forVersion(relation, version);
    }

    /** False when the extension is installed but not loaded through shared_preload_libraries. */
    private static boolean readable(Connection connection, String relation) throws SQLException {
        try {
            Jdbc.queryLong(connection, "SELECT COUNT(*) FROM " + relation + " WHERE false");
            return true;
        } catch (SQLException notLoaded) {
            if (!connection.getAutoCommit() || "57014".equals(notLoaded.getSQLState())) {
                throw notLoaded; // inside a transaction, or cancelled: not ours to swallow
            }
            return false;
        }
    }
}
