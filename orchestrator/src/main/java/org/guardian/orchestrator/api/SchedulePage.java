package org.guardian.orchestrator.api;

import java.util.List;

/** A page of schedules in name order; pass {@code nextCursor} as {@code cursor} for the next page (null: no more). */
public record SchedulePage(List<ScheduleView> schedules, String nextCursor) {
}
