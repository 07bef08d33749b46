package org.guardian.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.guardian.orchestrator.core.ScheduleChange;

import java.time.Instant;

/** One audit row: who did what when, with the JSON before and after. */
public record ChangeView(long id, String schedule, String action, String user, Instant at,
                         @JsonRawValue String before, @JsonRawValue String after) {

    public static ChangeView of(ScheduleChange c) {
        return new ChangeView(c.id(), c.schedule(), c.action(), c.changedBy(), c.changedAt(), c.beforeJson(),
                c.afterJson());
    }
}
