package org.guardian.orchestrator.db;

/** The number of schedules, and of those BLOCKED, SUPPRESSED and PAUSED (each schedule counted in its one state). */
public record StateCounts(long total, long blocked, long suppressed, long paused) {
}
