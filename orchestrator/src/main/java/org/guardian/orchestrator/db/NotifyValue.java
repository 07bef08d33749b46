package org.guardian.orchestrator.db;

import java.util.List;

/** A {@code notify} value (JSON text), how many schedules have it, and the first of them by name. */
public record NotifyValue(String json, long schedules, List<String> names) {
    public NotifyValue {
        names = List.copyOf(names);
    }
}
