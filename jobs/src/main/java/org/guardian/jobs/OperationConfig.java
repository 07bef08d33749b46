package org.guardian.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An operation's configuration after validation: every key known, typed and in range, defaults filled in. */
public final class OperationConfig {
    private final Map<String, Object> values;

    private OperationConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates raw JSON-decoded values against {@code keys}.
     *
     * @throws InvalidConfigException naming every unknown, mistyped or out-of-range key
     */
    public static OperationConfig validate(List<ConfigKey> keys, Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        Map<String, ?> given = raw == null ? Map.of() : raw;
        for (String name : given.keySet()) {
            if (keys.stream().noneMatch(k -> k.name().equals(name))) {
                errors.add("config." + name + ": unknown key");
            }
        }
        for (ConfigKey key : keys) {
            Object value = given.containsKey(key.name()) ? given.get(key.name()) : key.defaultValue();
            Object typed = value == null ? null : key.type().coerce(value);
            if (typed == null) {
                errors.add("config." + key.name() + ": must be of type " + key.type().name().toLowerCase());
                continue;
            }
            String rangeError = rangeError(key, typed);
            if (rangeError != null) {
                errors.add("config." + key.name() + ": " + rangeError);
                continue;
            }
            values.put(key.name(), typed);
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new OperationConfig(values);
    }

    private static String rangeError(ConfigKey key, Object typed) {
        if (!(typed instanceof Number n)) {
            return null;
        }
        if (key.min() != null && n.doubleValue() < key.min()) {
            return "must be at least " + format(key.min());
        }
        if (key.max() != null && n.doubleValue() > key.max()) {
            return "must be at most " + format(key.max());
        }
        return null;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    public long getLong(String key) {
        return (Long) require(key);
    }

    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    public double getDouble(String key) {
        return (Double) require(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    public String getString(String key) {
        return (String) require(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        return (List<String>) require(key);
    }

    /** All values, defaults included, for display. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("No configuration key " + key);
        }
        return values.get(key);
    }
}
