package org.guardian.orchestrator.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class IntervalReaderTest {
    private final IntervalReader reader = new IntervalReader();

    @Test
    void moreDistinctIntervalsThanAreRememberedStillParseRight() throws SQLException {
        for (int seconds = 0; seconds < IntervalReader.REMEMBERED * 2; seconds++) {
            String text = String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
            assertThat(reader.parse(text)).as(text).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(reader.parse(text)).as("%s again", text).isEqualTo(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void aMonthCountsThirtyDaysAndAYear365() throws SQLException {
        assertThat(reader.parse("1 year 2 mons 3 days 04:05:06.5"))
                .isEqualTo(Duration.ofDays(365 + 60 + 3).plusHours(4).plusMinutes(5).plusMillis(6_500));
    }
}
