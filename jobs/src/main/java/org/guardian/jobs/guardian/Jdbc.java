package org.guardian.jobs.guardian;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers: parameterised queries and explicit transactions on an autocommit connection. */
final class Jdbc {

    /** A unit of work on the connection. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * Runs {@code work} as one transaction, then puts the connection back in autocommit mode:
     * committed when it returns, rolled back when it throws (a cancelled statement included).
     */
    static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(connection, e);
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    static long queryLong(Connection connection, String sql, Object... params) throws SQLException {
        Object value = queryValue(connection, sql, params);
        return value == null ? 0 : ((Number) value).longValue();
    }

    static Object queryValue(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    static List<String> queryStrings(Connection connection, String sql, Object... params) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Each row as column label → value, in column order. */
    static List<Map<String, Object>> queryRows(Connection connection, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rs = statement.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), plain(rs.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    /** JSON-friendly values: timestamps and numerics as text or numbers, PG objects as text. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value instanceof java.math.BigDecimal d ? d.doubleValue() : value;
        }
        return value.toString();
    }
}
