package org.guardian.orchestrator.scheduler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ClockReadingTest {
    private static final long LIMIT = 1000;

    @Test
    void aNodeWithinTheLimitIsNotOff() {
        ClockReading reading = ClockReading.judge(-900, 2, List.of(5L, 30_000L), LIMIT);
        assertThat(reading.isOff()).isFalse();
        assertThat(reading.standingDown()).isFalse();
        assertThat(reading.describe()).startsWith("this node's clock is 900 ms behind the database's, within");
    }

    @Test
    void aNodeOffWhileMostOfItsPeersAgreeWithTheDatabaseStandsDown() {
        ClockReading reading = ClockReading.judge(30_000, 2, List.of(3L, -40L, 9_000L), LIMIT);
        assertThat(reading.standingDown()).isTrue();
        assertThat(reading.describe()).contains("30000 ms ahead of").contains("2 of 3 live peer(s)")
                .contains("it fires nothing until its clock is back within 1000 ms");
    }

    @Test
    void aNodeOffAloneOnlyReportsIt() {
        ClockReading reading = ClockReading.judge(30_000, 2, List.of(), LIMIT);
        assertThat(reading.isOff()).isTrue();
        assertThat(reading.standingDown()).isFalse();
        assertThat(reading.describe()).contains("it keeps firing").contains("the database's clock may be the wrong one");
    }

    @Test
    void whenHalfOrMoreOfThePeersAreOffTooTheDatabaseMayBeTheOneOffAndNobodyStandsDown() {
        assertThat(ClockReading.judge(30_000, 2, List.of(29_990L), LIMIT).standingDown()).isFalse();
        assertThat(ClockReading.judge(-5_000, 2, List.of(0L, -5_000L), LIMIT).standingDown()).isFalse();
        assertThat(ClockReading.judge(-5_000, 2, List.of(0L, 10L, -5_000L), LIMIT).standingDown()).isTrue();
    }

    @Test
    void theLimitItselfIsWithin() {
        assertThat(ClockReading.judge(1000, 0, List.of(0L), LIMIT).isOff()).isFalse();
        assertThat(ClockReading.judge(1001, 0, List.of(0L), LIMIT).standingDown()).isTrue();
    }
}
