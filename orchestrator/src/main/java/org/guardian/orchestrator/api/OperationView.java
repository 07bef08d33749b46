package org.guardian.orchestrator.api;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;

import java.util.List;

/** One registered operation and the configuration keys it accepts. */
public record OperationView(String name, String description, boolean diagnostic, List<Key> configKeys) {

    public static OperationView of(Operation operation) {
        return new OperationView(operation.name(), operation.description(), operation.diagnostic(),
                operation.configKeys().stream().map(Key::of).toList());
    }

    /** A configuration key: its JSON type, default, bounds for numbers. */
    public record Key(String name, String type, Object defaultValue, Double min, Double max, String description) {
        static Key of(ConfigKey k) {
            return new Key(k.name(), k.type().name().toLowerCase(), k.defaultValue(), k.min(), k.max(), k.description());
        }
    }
}
