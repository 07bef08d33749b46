package org.guardian.orchestrator.scheduler;

import org.guardian.jobs.OperationResult;
import org.guardian.orchestrator.core.RunStatus;

/** How an attempt ended. */
record Outcome(RunStatus status, OperationResult result, String error) {

    static Outcome success(OperationResult result) {
        return new Outcome(RunStatus.SUCCESS, result, null);
    }

    static Outcome of(RunStatus status, String error) {
        return new Outcome(status, null, error);
    }
}
