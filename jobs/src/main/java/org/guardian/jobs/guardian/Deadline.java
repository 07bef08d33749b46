package org.guardian.jobs.guardian;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A time budget read from the operation's clock. */
final class Deadline {
    private final Clock clock;
    private final Instant end;

    private Deadline(Clock clock, Instant end) {
        this.clock = clock;
        this.end = end;
    }

    static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock, clock.instant().plus(budget));
    }

    boolean passed() {
        return !clock.instant().isBefore(end);
    }
}
