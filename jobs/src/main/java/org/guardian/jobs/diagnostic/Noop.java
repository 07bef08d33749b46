package org.guardian.jobs.diagnostic;

import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

/** Returns at once; measures the orchestrator's own cost per execution. */
public final class Noop implements Operation {
    @Override
    public String name() {
        return "noop";
    }

    @Override
    public String description() {
        return "Diagnostic: does nothing and succeeds.";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public OperationResult execute(OperationContext context) {
        return OperationResult.empty();
    }
}
