package org.guardian.jobs;

import java.util.List;

/** Thrown when a configuration does not fit an operation's keys; each error names its key. */
public class InvalidConfigException extends IllegalArgumentException {
    private final List<String> errors;

    public InvalidConfigException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Messages of the form {@code config.batch_size: must be at least 1}. */
    public List<String> errors() {
        return errors;
    }
}
