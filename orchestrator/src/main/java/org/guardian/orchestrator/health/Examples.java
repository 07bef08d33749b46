package org.guardian.orchestrator.health;

import java.util.List;

/** Health messages name at most {@link #MAX} schedules, then say how many more there are: bounded at any table size. */
final class Examples {
    static final int MAX = 20;

    private Examples() {
    }

    /** The items joined by "; ", followed by "; and N more" when {@code total} exceeds them. */
    static String of(List<String> items, long total) {
        String shown = String.join("; ", items);
        return total > items.size() ? shown + "; and " + (total - items.size()) + " more" : shown;
    }
}
