package org.guardian.orchestrator.core;

/** The status of one attempt; {@link RunTransitions} holds the changes allowed between them. */
public enum RunStatus {
    RUNNING, SUCCESS, FAILED, TIMEOUT, SKIPPED, INTERRUPTED;

    /** Whether the run's state machine ({@link RunTransitions}) lets this status change to {@code next}. */
    public boolean canBecome(RunStatus next) {
        return RunTransitions.allows(this, next);
    }

    /** FAILED and TIMEOUT count toward retries and suppression; SKIPPED does not. */
    public boolean isFailure() {
        return this == FAILED || this == TIMEOUT;
    }

    public boolean isFinished() {
        return this != RUNNING;
    }
}
