package org.guardian.orchestrator.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunStatusTest {

    @Test
    void onlyARunningAttemptChangesStatus() {
        for (RunStatus next : RunStatus.values()) {
            assertThat(RunStatus.SUCCESS.canBecome(next)).isFalse();
            assertThat(RunStatus.INTERRUPTED.canBecome(next)).isFalse();
        }
        assertThat(RunStatus.RUNNING.canBecome(RunStatus.TIMEOUT)).isTrue();
        assertThat(RunStatus.RUNNING.canBecome(RunStatus.RUNNING)).isFalse();
    }

    @Test
    void skippedIsNotAFailure() {
        assertThat(RunStatus.SKIPPED.isFailure()).isFalse();
        assertThat(RunStatus.FAILED.isFailure()).isTrue();
        assertThat(RunStatus.TIMEOUT.isFailure()).isTrue();
    }
}
