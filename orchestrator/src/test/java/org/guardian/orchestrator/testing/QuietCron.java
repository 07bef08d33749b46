package org.guardian.orchestrator.testing;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A daily cron that does not come due while a test runs: it fires twelve hours from the hour the
 * test began (UTC), where a fixed hour such as 03:00 would fire in a test that runs across it.
 */
public final class QuietCron {
    private QuietCron() {
    }

    public static int hour() {
        return (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
    }

    /** Quartz syntax: {@code 0 0 H * * ?}. */
    public static String daily() {
        return dailyAt(hour());
    }

    /** The same at an hour already taken from {@link #hour()}, for a test that also needs its fire times. */
    public static String dailyAt(int hour) {
        return "0 0 " + hour + " * * ?";
    }
}
