package org.guardian.orchestrator.db;

import java.sql.SQLException;

/** This node's incarnation was declared dead (or ended): the database must not be used any more. */
public final class NodeFencedException extends SQLException {
    /** SQLSTATE of the refusal (class 08: connection exception; subclass "GF" for Guardian fence). */
    public static final String SQL_STATE = "08GF0";

    public NodeFencedException(String message) {
        super(message, SQL_STATE);
    }

    /** Whether {@code error}, or anything that caused it, is a fence refusal. */
    public static boolean isCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NodeFencedException
                    || t instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
