package org.guardian.jobs.diagnostic;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.util.List;

/** Always fails with the configured message. */
public final class Fail implements Operation {
    @Override
    public String name() {
        return "fail";
    }

    @Override
    public String description() {
        return "Diagnostic: always fails with the given message.";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.string("message", "diagnostic failure", "the error message"));
    }

    @Override
    public OperationResult execute(OperationContext context) {
        throw new IllegalStateException(context.config().getString("message"));
    }
}
