package org.guardian.orchestrator.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.guardian.orchestrator.core.ScheduleEvent.BLOCK;
import static org.guardian.orchestrator.core.ScheduleEvent.DISABLE;
import static org.guardian.orchestrator.core.ScheduleEvent.ENABLE;
import static org.guardian.orchestrator.core.ScheduleEvent.PAUSE;
import static org.guardian.orchestrator.core.ScheduleEvent.RESET;
import static org.guardian.orchestrator.core.ScheduleEvent.RESUME;
import static org.guardian.orchestrator.core.ScheduleEvent.RUN_NOW;
import static org.guardian.orchestrator.core.ScheduleEvent.SUPPRESS;
import static org.guardian.orchestrator.core.ScheduleEvent.UNBLOCK;
import static org.guardian.orchestrator.core.ScheduleState.BLOCKED;
import static org.guardian.orchestrator.core.ScheduleState.DISABLED;
import static org.guardian.orchestrator.core.ScheduleState.NORMAL;
import static org.guardian.orchestrator.core.ScheduleState.PAUSED;
import static org.guardian.orchestrator.core.ScheduleState.RUNNING;
import static org.guardian.orchestrator.core.ScheduleState.SUPPRESSED;
import static org.guardian.orchestrator.core.ScheduleTransitions.allows;
import static org.guardian.orchestrator.core.ScheduleTransitions.targets;
import static org.guardian.orchestrator.testing.ScheduleStates.blocked;
import static org.guardian.orchestrator.testing.ScheduleStates.normal;
import static org.guardian.orchestrator.testing.ScheduleStates.suppressed;

/** The schedule's state machine, as a specification. */
class ScheduleTransitionsTest {

    @Test
    void pauseMakesANormalSchedulePaused() {
        assertThat(targets(NORMAL, PAUSE)).containsExactly(PAUSED);
    }

    @Test
    void resumeMakesAPausedScheduleNormal() {
        assertThat(targets(PAUSED, RESUME)).containsExactly(NORMAL);
    }

    @ParameterizedTest
    @EnumSource(value = ScheduleEvent.class, names = {"PAUSE", "RESUME", "RESET"})
    void pauseResumeAndResetAreAllowedFromEveryState(ScheduleEvent event) {
        for (ScheduleState state : ScheduleState.values()) {
            assertThat(allows(state, event)).as(event + " from " + state).isTrue();
        }
    }

    @Test
    void resetLiftsASuppressionToWhatItHid() {
        assertThat(targets(SUPPRESSED, RESET)).containsExactlyInAnyOrder(NORMAL, PAUSED, RUNNING);
    }

    @Test
    void resetOfAScheduleThatIsNotSuppressedLeavesItAsItIs() {
        assertThat(targets(PAUSED, RESET)).containsExactly(PAUSED);
    }

    @Test
    void aBlockedScheduleCannotBeRunNow() {
        assertThat(allows(BLOCKED, RUN_NOW)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ScheduleState.class, names = "BLOCKED", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherScheduleCanBeRunByHand(ScheduleState state) {
        assertThat(allows(state, RUN_NOW)).isTrue();
    }

    @Test
    void failuresSuppressARunningSchedule() {
        assertThat(targets(RUNNING, SUPPRESS)).containsExactly(SUPPRESSED);
    }

    @Test
    void aSuppressedScheduleIsNotSuppressedAgain() {
        assertThat(allows(SUPPRESSED, SUPPRESS)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ScheduleState.class)
    void theReconcilerCanBlockAScheduleInAnyState(ScheduleState state) {
        assertThat(targets(state, BLOCK)).containsExactly(BLOCKED);
    }

    @ParameterizedTest
    @EnumSource(value = ScheduleState.class, names = "BLOCKED", mode = EnumSource.Mode.EXCLUDE)
    void onlyABlockedScheduleIsUnblocked(ScheduleState state) {
        assertThat(allows(state, UNBLOCK)).isFalse();
    }

    @Test
    void anUnblockedScheduleShowsWhatTheBlockHid() {
        assertThat(targets(BLOCKED, UNBLOCK)).containsExactlyInAnyOrder(NORMAL, PAUSED, RUNNING, SUPPRESSED, DISABLED);
    }

    @Test
    void onlyADisabledScheduleIsEnabled() {
        assertThat(allows(NORMAL, ENABLE)).isFalse();
        assertThat(targets(DISABLED, ENABLE)).containsExactlyInAnyOrder(NORMAL, PAUSED, RUNNING, SUPPRESSED);
    }

    @Test
    void aDisabledScheduleIsNotDisabledAgain() {
        assertThat(allows(DISABLED, DISABLE)).isFalse();
    }

    @Test
    void aStrongerStateHidesAChange() {
        assertThat(targets(SUPPRESSED, PAUSE)).containsExactly(SUPPRESSED);
        assertThat(targets(BLOCKED, DISABLE)).containsExactly(BLOCKED);
    }

    @Test
    void requireLetsThroughWhatTheTableAllows() {
        assertThatCode(() -> ScheduleTransitions.require(suppressed(), RESET)).doesNotThrowAnyException();
        assertThatCode(() -> ScheduleTransitions.require(normal(), RUN_NOW)).doesNotThrowAnyException();
    }

    @Test
    void requireRefusesAConflictNamingTheStateAndWhyItIsBlocked() {
        assertThatThrownBy(() -> ScheduleTransitions.require(blocked(), RUN_NOW))
                .isInstanceOfSatisfying(RefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(RefusedException.Kind.CONFLICT))
                .hasMessage("schedule alpha is BLOCKED: dependency cycle alpha -> alpha; it cannot be run now");
    }
}
