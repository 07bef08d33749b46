package org.guardian.orchestrator.db;

import org.guardian.orchestrator.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule's intervals ({@link ScheduleMapper} reads them with {@link IntervalReader}) read as PostgreSQL writes them, whatever output style the database or a
 * DBA set: the same durations as the driver's own {@code PGInterval} gives, a month counted 30 days.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class IntervalReadingIT {
    private static final Map<String, Duration> EXPECTED = Map.of(
            "45 minutes", Duration.ofMinutes(45),
            "1 day 2 hours", Duration.ofHours(26),
            "1.5 seconds", Duration.ofMillis(1_500),
            "2 mons 3 days", Duration.ofDays(63),
            "1 year", Duration.ofDays(365),
            "0", Duration.ZERO);

    private final IntervalReader intervals = new IntervalReader();
    private final Jdbi jdbi = Jdbi.create(TestDatabase.get().freshlyMigratedDatabase("interval_reading"));

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "postgres_verbose", "iso_8601"})
    void everyIntervalReadsAsItsDurationInEachOutputStyle(String style) {
        try (Handle handle = jdbi.open()) {
            handle.execute("SET IntervalStyle = " + style);
            EXPECTED.forEach((literal, duration) -> {
                Duration read = handle.select("SELECT CAST(? AS interval) AS v", literal)
                        .map((rs, ctx) -> intervals.read(rs, "v")).one();
                assertThat(read).as("%s in style %s", literal, style).isEqualTo(duration);
                // Read again: now from what was remembered.
                assertThat(handle.select("SELECT CAST(? AS interval) AS v", literal)
                        .map((rs, ctx) -> intervals.read(rs, "v")).one()).isEqualTo(duration);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "iso_8601"})
    void aNullIntervalIsNoDuration(String style) {
        try (Handle handle = jdbi.open()) {
            handle.execute("SET IntervalStyle = " + style);
            assertThat(handle.select("SELECT CAST(NULL AS interval) AS v")
                    .map((rs, ctx) -> intervals.read(rs, "v")).findOne()).isEmpty();
        }
    }
}
