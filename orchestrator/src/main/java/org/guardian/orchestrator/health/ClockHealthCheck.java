package org.guardian.orchestrator.health;

import com.codahale.metrics.health.HealthCheck;
import org.guardian.orchestrator.scheduler.ClockReading;

import java.util.Optional;
import java.util.function.Supplier;

/** This node's clock is within the limit of the database's: off, it fires early or late, or stands down. */
public final class ClockHealthCheck extends HealthCheck {
    private final Supplier<Optional<ClockReading>> reading;

    public ClockHealthCheck(Supplier<Optional<ClockReading>> reading) {
        this.reading = reading;
    }

    @Override
    protected Result check() {
        return reading.get()
                .map(last -> last.isOff() ? Result.unhealthy(last.describe()) : Result.healthy(last.describe()))
                .orElseGet(() -> Result.healthy("not compared with the database's clock yet"));
    }
}
