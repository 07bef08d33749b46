package org.guardian.orchestrator.core;

/** What happens to a fire time that could not start on time (e.g. the previous run was still going). */
public enum MisfirePolicy {
    /** Run once, late, then go back to the schedule. */
    FIRE_ONCE,
    /** Do not run it; record it SKIPPED and wait for the next fire time. */
    SKIP
}
