package org.guardian.orchestrator.core;

import org.guardian.jobs.OperationResult;

/**
 * How an attempt ended. {@code targetUnreachable}: it failed while its database could not be
 * reached, which says nothing about the schedule, so it does not count towards its suppression.
 */
public record Outcome(RunStatus status, OperationResult result, String error, boolean targetUnreachable) {

    public static Outcome success(OperationResult result) {
        return new Outcome(RunStatus.SUCCESS, result, null, false);
    }

    public static Outcome of(RunStatus status, String error) {
        return new Outcome(status, null, error, false);
    }

    /** FAILED because the attempt lost its session on the database the operations run on. */
    public static Outcome targetUnreachable(String error) {
        return new Outcome(RunStatus.FAILED, null, error, true);
    }

    /** This failure or timeout, found while the target database could not be reached (or not written). */
    public Outcome whileTargetUnreachable(String error) {
        return new Outcome(status, result, error, true);
    }
}
