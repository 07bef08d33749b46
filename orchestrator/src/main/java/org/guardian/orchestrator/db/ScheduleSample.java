package org.guardian.orchestrator.db;

import org.guardian.orchestrator.core.Schedule;

import java.util.List;

/** Of {@code total} schedules, how many match a condition and the first of those by name, read in one snapshot. */
public record ScheduleSample(long total, long matching, List<Schedule> first) {
    public ScheduleSample {
        first = List.copyOf(first);
    }
}
