package org.guardian.orchestrator.core;

import java.util.List;

/** Messages (health checks, logs) name at most {@link #MAX} schedules, then say how many more there are: bounded at any table size. */
public final class Examples {
    public static final int MAX = 20;

    private Examples() {
    }

    /** The items joined by "; ", followed by "; and N more" when {@code total} exceeds them. */
    public static String of(List<String> items, long total) {
        String shown = String.join("; ", items);
        return total > items.size() ? shown + "; and " + (total - items.size()) + " more" : shown;
    }
}
