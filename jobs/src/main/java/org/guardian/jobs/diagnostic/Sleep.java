package org.guardian.jobs.diagnostic;

import org.guardian.jobs.ConfigKey;
import org.guardian.jobs.Operation;
import org.guardian.jobs.OperationContext;
import org.guardian.jobs.OperationResult;

import java.util.List;

/** Sleeps in Java, interruptibly. */
public final class Sleep implements Operation {
    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public String description() {
        return "Diagnostic: sleeps in the JVM for the given seconds (interruptible).";
    }

    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.number("seconds", 1, 0, 86_400, "how long to sleep"));
    }

    @Override
    public OperationResult execute(OperationContext context) throws InterruptedException {
        double seconds = context.config().getDouble("seconds");
        Thread.sleep((long) (seconds * 1000));
        return OperationResult.of("slept_seconds", seconds);
    }
}
