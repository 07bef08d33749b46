package org.guardian.orchestrator.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run's state machine, as a specification. */
class RunTransitionsTest {

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void aRunningAttemptMayEndInEveryOtherStatus(RunStatus end) {
        assertThat(RunTransitions.allows(RunStatus.RUNNING, end)).isTrue();
    }

    @Test
    void aRunningAttemptDoesNotBecomeRunningAgain() {
        assertThat(RunTransitions.allows(RunStatus.RUNNING, RunStatus.RUNNING)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void anEndedRunNeverChangesAgain(RunStatus ended) {
        for (RunStatus next : RunStatus.values()) {
            assertThat(RunTransitions.allows(ended, next)).as(ended + " -> " + next).isFalse();
        }
    }

    @Test
    void aRunIsCreatedRunningWhenItsAttemptIsClaimed() {
        assertThat(RunTransitions.createsAs(RunStatus.RUNNING)).isTrue();
    }

    @Test
    void aFireTimeThatDidNotRunIsCreatedSkipped() {
        assertThat(RunTransitions.createsAs(RunStatus.SKIPPED)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCESS", "FAILED", "TIMEOUT", "INTERRUPTED"})
    void noRunIsCreatedWithAnOutcomeItDidNotRunFor(RunStatus status) {
        assertThat(RunTransitions.createsAs(status)).isFalse();
        assertThatThrownBy(() -> RunTransitions.create(status)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(status.name());
    }

    @Test
    void theEndOfAnAttemptIsTheStatusToWrite() {
        assertThat(RunTransitions.end(RunStatus.TIMEOUT)).isEqualTo(RunStatus.TIMEOUT);
    }

    @Test
    void aChangeTheTableDoesNotAllowIsRefusedNamingBothStatuses() {
        assertThatThrownBy(() -> RunTransitions.change(RunStatus.SUCCESS, RunStatus.FAILED))
                .isInstanceOf(IllegalStateException.class).hasMessage("a SUCCESS run cannot become FAILED");
    }
}
