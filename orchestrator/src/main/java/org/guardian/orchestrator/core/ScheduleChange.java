package org.guardian.orchestrator.core;

import java.time.Instant;

/** One row of {@code schedule_changes}: who changed what, and the JSON before and after. */
public record ScheduleChange(long id, String schedule, String action, String changedBy, Instant changedAt,
                             String beforeJson, String afterJson) {
}
