package org.guardian.orchestrator.core;

import org.guardian.jobs.OperationResult;

/** How an attempt ended. */
public record Outcome(RunStatus status, OperationResult result, String error) {

    public static Outcome success(OperationResult result) {
        return new Outcome(RunStatus.SUCCESS, result, null);
    }

    public static Outcome of(RunStatus status, String error) {
        return new Outcome(status, null, error);
    }
}
