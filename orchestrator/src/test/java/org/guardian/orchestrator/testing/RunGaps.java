package org.guardian.orchestrator.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How long a schedule went without a run starting, as fault tests measure it. */
public final class RunGaps {
    private RunGaps() {
    }

    /** The longest time between {@code from}, the run starts (in order) that fall between, and {@code to}. */
    public static Duration largest(List<Instant> starts, Instant from, Instant to) {
        List<Instant> times = new ArrayList<>();
        times.add(from);
        starts.stream().filter(s -> s.isAfter(from) && s.isBefore(to)).forEach(times::add);
        times.add(to);
        Duration largest = Duration.ZERO;
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            largest = gap.compareTo(largest) > 0 ? gap : largest;
        }
        return largest;
    }
}
