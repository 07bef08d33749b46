package org.guardian.orchestrator.scheduler.policy;

import org.guardian.orchestrator.core.Outcome;
import org.guardian.orchestrator.core.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures say that the attempt's session was lost, rather than that its operation failed. */
@Timeout(10)
class TargetProbeTest {

    @Test
    void aConnectionErrorOrAServerGoingAwayIsALostSession() {
        for (String state : new String[]{"08006", "08001", "57P01", "57P02", "57P03"}) {
            Optional<Outcome> lost = TargetProbe.lostSession(new SQLException("gone", state), "SQLException: gone");
            assertThat(lost).as(state).isPresent();
            assertThat(lost.get().status()).isEqualTo(RunStatus.FAILED);
            assertThat(lost.get().targetUnreachable()).isTrue();
            assertThat(lost.get().error()).isEqualTo("the session on the target database was lost (SQLState " + state
                    + "); SQLException: gone");
        }
    }

    @Test
    void aLostSessionIsFoundUnderTheExceptionsThatWrapIt() {
        Exception wrapped = new IllegalStateException("refresh failed", new SQLException("terminating", "57P01"));

        assertThat(TargetProbe.lostSession(wrapped, "x")).map(Outcome::targetUnreachable).contains(true);
    }

    @Test
    void anErrorOfTheOperationsOwnIsNot() {
        assertThat(TargetProbe.lostSession(new SQLException("no such table", "42P01"), "x")).isEmpty();
        assertThat(TargetProbe.lostSession(new SQLException("canceled", "57014"), "x")).isEmpty();
        assertThat(TargetProbe.lostSession(new SQLException("checkout timed out"), "x")).isEmpty();
        assertThat(TargetProbe.lostSession(new IllegalArgumentException("bad"), "x")).isEmpty();
    }
}
