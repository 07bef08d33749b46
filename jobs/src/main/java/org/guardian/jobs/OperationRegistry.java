package org.guardian.jobs;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.Map;

/** The operations found on the class path through {@link ServiceLoader}, by name. */
public final class OperationRegistry {
    private final Map<String, Operation> operations;

    private OperationRegistry(Map<String, Operation> operations) {
        this.operations = Collections.unmodifiableMap(operations);
    }

    /** Loads every operation; diagnostic ones only when {@code includeDiagnostics}. */
    public static OperationRegistry load(boolean includeDiagnostics) {
        Map<String, Operation> byName = new TreeMap<>();
        for (Operation operation : ServiceLoader.load(Operation.class, OperationRegistry.class.getClassLoader())) {
            if (operation.diagnostic() && !includeDiagnostics) {
                continue;
            }
            Operation previous = byName.put(operation.name(), operation);
            if (previous != null) {
                throw new IllegalStateException("Two operations named " + operation.name());
            }
        }
        return new OperationRegistry(byName);
    }

    public Optional<Operation> find(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public boolean contains(String name) {
        return operations.containsKey(name);
    }

    public Collection<Operation> all() {
        return operations.values();
    }
}
