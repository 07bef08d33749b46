package org.guardian.orchestrator.core;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.guardian.orchestrator.core.RunStatus.FAILED;
import static org.guardian.orchestrator.core.RunStatus.INTERRUPTED;
import static org.guardian.orchestrator.core.RunStatus.RUNNING;
import static org.guardian.orchestrator.core.RunStatus.SKIPPED;
import static org.guardian.orchestrator.core.RunStatus.SUCCESS;
import static org.guardian.orchestrator.core.RunStatus.TIMEOUT;

/**
 * A run's state machine, as data: the statuses a run's row is created in and the changes allowed
 * after. The code that writes a status checks it here first; the database still settles races, as
 * every status write applies only to a row that is still RUNNING.
 */
public final class RunTransitions {
    /** Claimed RUNNING, or recorded SKIPPED when its fire time did not run (created ended). */
    private static final Set<RunStatus> CREATED_AS = EnumSet.of(RUNNING, SKIPPED);

    /** Only a RUNNING attempt changes, once, to how it ended; an ended one never changes again. */
    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            RUNNING, EnumSet.of(SUCCESS, FAILED, TIMEOUT, SKIPPED, INTERRUPTED),
            SUCCESS, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            TIMEOUT, EnumSet.noneOf(RunStatus.class),
            SKIPPED, EnumSet.noneOf(RunStatus.class),
            INTERRUPTED, EnumSet.noneOf(RunStatus.class));

    private RunTransitions() {
    }

    public static boolean allows(RunStatus from, RunStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    public static boolean createsAs(RunStatus status) {
        return CREATED_AS.contains(status);
    }

    /**
     * @return {@code to}, the status to write
     * @throws IllegalStateException when the table does not allow the change
     */
    public static RunStatus change(RunStatus from, RunStatus to) {
        if (!allows(from, to)) {
            throw new IllegalStateException("a " + from + " run cannot become " + to);
        }
        return to;
    }

    /** The end of a RUNNING attempt: {@code to}, once checked. */
    public static RunStatus end(RunStatus to) {
        return change(RUNNING, to);
    }

    /**
     * @return {@code status}, the status to create a row in
     * @throws IllegalStateException when no run starts in that status
     */
    public static RunStatus create(RunStatus status) {
        if (!createsAs(status)) {
            throw new IllegalStateException("no run is created " + status);
        }
        return status;
    }
}
