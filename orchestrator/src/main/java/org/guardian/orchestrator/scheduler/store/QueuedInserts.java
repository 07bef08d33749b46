package org.guardian.orchestrator.scheduler.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A view of a connection on which each {@code executeUpdate} of a prepared statement is queued in
 * that statement's JDBC batch instead of sent: Quartz's delegate writes its rows through it, and
 * {@link #execute()} sends each batch in the order its statement was first prepared (parents
 * before the rows that reference them). Reading through it is refused: queued rows are not there yet.
 */
final class QueuedInserts implements AutoCloseable {
    private final Connection real;
    private final Map<String, PreparedStatement> batches = new LinkedHashMap<>();
    private final Connection view;
    private int queued;

    QueuedInserts(Connection real) {
        this.real = real;
        this.view = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> onConnection(method, args));
    }

    /** The connection to hand Quartz's insert methods. */
    Connection connection() {
        return view;
    }

    /** Sends every batch; a row a batch did not insert is an error. */
    void execute() throws SQLException {
        for (Map.Entry<String, PreparedStatement> batch : batches.entrySet()) {
            for (int count : batch.getValue().executeBatch()) {
                if (count == 0) {
                    throw new SQLException("a queued insert wrote no row: " + batch.getKey());
                }
            }
        }
    }

    /** Statements queued so far, all batches together. */
    int queued() {
        return queued;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : batches.values()) {
            statement.close();
        }
    }

    private Object onConnection(Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args.length == 1) {
            PreparedStatement statement = batches.get((String) args[0]);
            if (statement == null) {
                statement = real.prepareStatement((String) args[0]);
                batches.put((String) args[0], statement);
            }
            PreparedStatement batch = statement;
            return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, m, a) -> onStatement(batch, m, a));
        }
        if (method.getName().startsWith("prepare") || method.getName().startsWith("create")) {
            throw new SQLException("only prepared inserts are queued, not " + method.getName());
        }
        return invoke(real, method, args);
    }

    private Object onStatement(PreparedStatement batch, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "executeUpdate" -> {
                batch.addBatch();
                queued++;
                return 1;
            }
            case "close" -> {
                return null; // closed with the batch
            }
            case "execute", "executeQuery", "executeBatch", "executeLargeUpdate", "getConnection" ->
                    throw new SQLException("a queued insert supports executeUpdate only, not " + method.getName());
            default -> {
                return invoke(batch, method, args);
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
