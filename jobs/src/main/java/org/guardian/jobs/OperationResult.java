package org.guardian.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The small JSON object stored with a run: counts, names, notes. */
public final class OperationResult {
    private final Map<String, Object> values;

    private OperationResult(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static OperationResult empty() {
        return new OperationResult(new LinkedHashMap<>());
    }

    public static OperationResult of(String key, Object value) {
        return builder().put(key, value).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Keeps insertion order so results read naturally. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Builder put(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public OperationResult build() {
            return new OperationResult(new LinkedHashMap<>(values));
        }
    }
}
