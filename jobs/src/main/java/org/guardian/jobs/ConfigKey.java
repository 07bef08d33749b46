package org.guardian.jobs;

/**
 * One configuration key of an operation.
 *
 * @param name         the JSON key, e.g. {@code batch_size}
 * @param type         its type
 * @param defaultValue used when the key is absent (already of {@code type}'s Java form)
 * @param min          inclusive lower bound for numbers, or null
 * @param max          inclusive upper bound for numbers, or null
 * @param description  one line for operators
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, Double min, Double max, String description) {

    public static ConfigKey integer(String name, long defaultValue, long min, long max, String description) {
        return new ConfigKey(name, ConfigType.INTEGER, defaultValue, (double) min, (double) max, description);
    }

    public static ConfigKey number(String name, double defaultValue, double min, double max, String description) {
        return new ConfigKey(name, ConfigType.NUMBER, defaultValue, min, max, description);
    }

    public static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(name, ConfigType.BOOLEAN, defaultValue, null, null, description);
    }

    public static ConfigKey string(String name, String defaultValue, String description) {
        return new ConfigKey(name, ConfigType.STRING, defaultValue, null, null, description);
    }

    public static ConfigKey stringList(String name, java.util.List<String> defaultValue, String description) {
        return new ConfigKey(name, ConfigType.STRING_LIST, defaultValue, null, null, description);
    }
}
