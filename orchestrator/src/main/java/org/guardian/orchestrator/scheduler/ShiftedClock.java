package org.guardian.orchestrator.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/** A clock behind another by an offset that may change (milliseconds; negative: ahead). */
final class ShiftedClock extends Clock {
    private final Clock base;
    private final LongSupplier offsetMillis;

    ShiftedClock(Clock base, LongSupplier offsetMillis) {
        this.base = base;
        this.offsetMillis = offsetMillis;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ShiftedClock(base.withZone(zone), offsetMillis);
    }

    @Override
    public Instant instant() {
        return base.instant().minusMillis(offsetMillis.getAsLong());
    }

    @Override
    public long millis() {
        return base.millis() - offsetMillis.getAsLong();
    }
}
