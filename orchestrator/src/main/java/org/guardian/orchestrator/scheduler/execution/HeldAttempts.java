package org.guardian.orchestrator.scheduler.execution;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts this node has claimed and not yet recorded (running, waiting for a worker, or with
 * their outcome still to be written). An attempt of this node that is RUNNING in the table and not
 * held here is stuck ({@link AttemptSweeper}).
 */
public final class HeldAttempts {
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    void hold(long runId) {
        held.add(runId);
    }

    void release(long runId) {
        held.remove(runId);
    }

    boolean holds(long runId) {
        return held.contains(runId);
    }

    int size() {
        return held.size();
    }
}
