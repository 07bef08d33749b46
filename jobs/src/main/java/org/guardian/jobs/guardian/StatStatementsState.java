package org.guardian.jobs.guardian;

import org.guardian.jobs.OperationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Whether pg_stat_statements can be read in this database: present, absent (not installed), or
 * not loaded (installed, but the library is not in shared_preload_libraries, so every read fails).
 *
 * @param state  {@link #PRESENT}, {@link #ABSENT} or {@link #NOT_LOADED}
 * @param reason why it cannot be read, null when present
 * @param view   the view and its columns, null unless present
 */
record StatStatementsState(String state, String reason, StatStatements view) {
    static final String PRESENT = "present";
    static final String ABSENT = "absent";
    static final String NOT_LOADED = "not_loaded";
    private static final String EXTENSION = """
            SELECT quote_ident(n.nspname) AS schema, e.extversion AS version
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'pg_stat_statements'""";
    private static final List<String> UNREADABLE = List.of("55000", "42501");

    /** Finds the extension and calls its function once, which fails when the library is not loaded. */
    static StatStatementsState detect(Connection connection) throws SQLException {
        List<Map<String, Object>> rows = Jdbc.queryRows(connection, EXTENSION);
        if (rows.isEmpty()) {
            return new StatStatementsState(ABSENT, "extension pg_stat_statements is not installed in this database", null);
        }
        String schema = (String) rows.get(0).get("schema");
        String version = (String) rows.get(0).get("version");
        try {
            Jdbc.queryValue(connection, "SELECT 1 FROM " + schema + ".pg_stat_statements(false) LIMIT 1");
        } catch (SQLException unreadable) {
            if (!connection.getAutoCommit() || !UNREADABLE.contains(unreadable.getSQLState())) {
                throw unreadable; // inside a transaction, cancelled, or unexpected: not ours to swallow
            }
            return new StatStatementsState(NOT_LOADED, "extension pg_stat_statements " + version
                    + " is installed but cannot be read: " + unreadable.getMessage(), null);
        }
        return new StatStatementsState(PRESENT, null,
                StatStatements.forExtensionVersion(schema + ".pg_stat_statements", version));
    }

    boolean present() {
        return view != null;
    }

    /** Adds {@code pg_stat_statements} (the state) and its version or the reason it is unavailable. */
    OperationResult.Builder describe(OperationResult.Builder result) {
        result.put("pg_stat_statements", state);
        return present() ? result.put("pg_stat_statements_version", view.version())
                : result.put("pg_stat_statements_unavailable", reason);
    }
}
