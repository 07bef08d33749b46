package org.guardian.orchestrator.scheduler.execution;

import org.guardian.orchestrator.scheduler.execution.AttemptRecords.Finish;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every outcome written passes through {@link Finish}, which asks the run's state machine. */
class FinishTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anOutcomeMayEndARunningAttempt() {
        assertThatCode(() -> finish("SKIPPED")).doesNotThrowAnyException();
    }

    @Test
    void anOutcomeCannotLeaveTheAttemptRunning() {
        assertThatThrownBy(() -> finish("RUNNING")).isInstanceOf(IllegalStateException.class)
                .hasMessage("a RUNNING run cannot become RUNNING");
    }

    private static Finish finish(String status) {
        return new Finish(1, "alpha", AT, status, AT, AT, 0, 0, null, null, null, false, null);
    }
}
