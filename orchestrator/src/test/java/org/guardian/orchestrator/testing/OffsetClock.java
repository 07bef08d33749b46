package org.guardian.orchestrator.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A UTC clock that tests move by hand, from the system's time or from a fixed instant. */
public final class OffsetClock extends Clock {
    private final Supplier<Instant> base;
    private volatile Duration offset = Duration.ZERO;

    private OffsetClock(Supplier<Instant> base) {
        this.base = base;
    }

    /** The system's time, moved ahead by hand: a node on it finds a second gone by when a test says so. */
    public static OffsetClock fromNow() {
        return new OffsetClock(Instant::now);
    }

    /** Stands at {@code start} until moved. */
    public static OffsetClock fixedAt(Instant start) {
        return new OffsetClock(() -> start);
    }

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.get().plus(offset);
    }
}
