package org.guardian.jobs.diagnostic;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.util.List;

/** Fails the first {@code failures} attempts of a fire time, then succeeds: exercises retries. */
public final class Flaky implements Operation {
    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public String description() {
        return "Diagnostic: fails its first k attempts of a run, then succeeds.";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.integer("failures", 1, 0, 100, "attempts that fail before one succeeds"));
    }

    @Override
    public OperationResult execute(OperationContext context) {
        int failures = context.config().getInt("failures");
        if (context.attempt() <= failures) {
            throw new IllegalStateException("flaky failure on attempt " + context.attempt() + " of " + failures);
        }
        return OperationResult.of("succeeded_on_attempt", context.attempt());
    }
}
