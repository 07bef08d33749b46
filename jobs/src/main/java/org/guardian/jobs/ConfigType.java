package org.guardian.jobs;

import java.util.List;

/** The JSON types an operation's configuration values may have. */
public enum ConfigType {
    INTEGER, NUMBER, BOOLEAN, STRING, STRING_LIST;

    /** Converts a JSON-decoded value to this type, or returns null when it does not fit. */
    Object coerce(Object value) {
        switch (this) {
            case INTEGER:
                if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                    return ((Number) value).longValue();
                }
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return n.longValue();
                }
                return null;
            case NUMBER:
                return value instanceof Number n ? n.doubleValue() : null;
            case BOOLEAN:
                return value instanceof Boolean ? value : null;
            case STRING:
                return value instanceof String ? value : null;
            case STRING_LIST:
                if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                    return List.copyOf(list);
                }
                return null;
            default:
                throw new IllegalStateException(this.name());
        }
    }
}
