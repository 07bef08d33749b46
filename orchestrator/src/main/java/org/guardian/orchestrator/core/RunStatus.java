package org.guardian.orchestrator.core;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The status of one attempt, and the transitions allowed between them (the one place they are written). */
public enum RunStatus {
    RUNNING, SUCCESS, FAILED, TIMEOUT, SKIPPED, INTERRUPTED;

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            RUNNING, EnumSet.of(SUCCESS, FAILED, TIMEOUT, SKIPPED, INTERRUPTED),
            SUCCESS, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            TIMEOUT, EnumSet.noneOf(RunStatus.class),
            SKIPPED, EnumSet.noneOf(RunStatus.class),
            INTERRUPTED, EnumSet.noneOf(RunStatus.class));

    public boolean canBecome(RunStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** FAILED and TIMEOUT count toward retries and suppression; SKIPPED does not. */
    public boolean isFailure() {
        return this == FAILED || this == TIMEOUT;
    }

    public boolean isFinished() {
        return this != RUNNING;
    }
}
