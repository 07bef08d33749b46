package org.guardian.orchestrator.auth;

import org.guardian.orchestrator.testing.OffsetClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ConsoleSessionsTest {
    private static final User OPERATOR = new User("operator", "operator");
    private final OffsetClock clock = OffsetClock.fixedAt(Instant.parse("2026-03-01T10:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(clock, new SecureRandom(), Duration.ofMinutes(30));

    @Test
    void aSessionIdIsARandom256BitValue() {
        String id = sessions.start(OPERATOR);
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
        assertThat(sessions.start(OPERATOR)).isNotEqualTo(id);
    }

    @Test
    void aSessionNamesItsUser() {
        assertThat(sessions.user(sessions.start(OPERATOR))).contains(OPERATOR);
    }

    @Test
    void anUnknownOrMissingIdNamesNobody() {
        sessions.start(OPERATOR);
        assertThat(sessions.user("made-up")).isEmpty();
        assertThat(sessions.user(null)).isEmpty();
    }

    @Test
    void eachRequestKeepsASessionAliveForAnotherIdlePeriod() {
        String id = sessions.start(OPERATOR);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.user(id)).as("after %d idle periods of 29 min", i + 1).contains(OPERATOR);
        }
    }

    @Test
    void aSessionExpiresAfterThirtyIdleMinutes() {
        String id = sessions.start(OPERATOR);
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.user(id)).isEmpty();
    }

    @Test
    void aSessionEndsAtLogout() {
        String id = sessions.start(OPERATOR);
        sessions.end(id);
        assertThat(sessions.user(id)).isEmpty();
    }
}
