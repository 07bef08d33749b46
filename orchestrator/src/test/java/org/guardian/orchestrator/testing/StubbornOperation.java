package org.guardian.orchestrator.testing;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Test-only operation that ignores cancellation and interrupts: it spins for the given seconds. */
public final class StubbornOperation implements Operation {
    public static final AtomicBoolean RUNNING = new AtomicBoolean();

    @Override
    public String name() {
        return "stubborn";
    }

    @Override
    public String description() {
        return "Test: spins, ignoring cancellation and interrupts.";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.number("seconds", 5, 0, 600, "how long to spin"));
    }

    @Override
    public OperationResult execute(OperationContext context) {
        RUNNING.set(true);
        try {
            long until = System.nanoTime() + (long) (context.config().getDouble("seconds") * 1e9);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return OperationResult.empty();
        } finally {
            RUNNING.set(false);
        }
    }
}
