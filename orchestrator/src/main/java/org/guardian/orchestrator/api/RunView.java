package org.guardian.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.guardian.orchestrator.core.Run;
import org.guardian.orchestrator.core.RunStatus;
import org.guardian.orchestrator.core.TriggerKind;

import java.time.Instant;

/** One attempt as the API shows it; {@code result} is the operation's JSON, {@code user} who asked (MANUAL). */
public record RunView(
        long id,
        String schedule,
        String operation,
        TriggerKind trigger,
        Instant scheduledFireTime,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        RunStatus status,
        int attempt,
        String node,
        String error,
        @JsonRawValue String result,
        String user) {

    public static RunView of(Run r) {
        return new RunView(r.id(), r.schedule(), r.operation(), r.trigger(), r.scheduledFireTime(), r.startedAt(),
                r.finishedAt(), r.durationMs(), r.status(), r.attempt(), r.node(), r.error(), r.resultJson(),
                r.requestedBy());
    }
}
