package org.guardian.orchestrator.scheduler;

import com.codahale.metrics.health.HealthCheck.Result;
import org.guardian.orchestrator.health.ProgressHealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A loop's progress as health reads it, on a ticker the test moves. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class LoopProgressTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LoopProgress writer = new LoopProgress("outcome writer", Duration.ofSeconds(30), nanos::get);
    private final LoopProgress reconciler = new LoopProgress("reconciler", Duration.ofMinutes(2), nanos::get);
    private final ProgressHealthCheck health = new ProgressHealthCheck(List.of(writer, reconciler));

    private void later(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void loopsOfANodeNotStartedAreReportedAsNotRunningAndHealthy() {
        later(Duration.ofHours(1));

        Result result = health.execute();

        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).isEqualTo("outcome writer not running (node not started);"
                + " reconciler not running (node not started)");
    }

    @Test
    void aLoopIsHealthyWithinItsLimitAndStalledPastIt() {
        writer.running();
        reconciler.running();
        later(Duration.ofSeconds(20));
        writer.beat();
        later(Duration.ofSeconds(10));

        assertThat(health.execute().getMessage()).isEqualTo("outcome writer progressed 10.0 s ago (limit 30.0 s);"
                + " reconciler progressed 30.0 s ago (limit 120.0 s)");
        later(Duration.ofSeconds(21));
        Result stalled = health.execute();

        assertThat(stalled.isHealthy()).isFalse();
        assertThat(stalled.getMessage()).isEqualTo("outcome writer STALLED: no progress for 31.0 s (limit 30.0 s);"
                + " reconciler progressed 51.0 s ago (limit 120.0 s)");
    }

    @Test
    void aLoopWhoseThreadEndedIsDeadAtOnce() throws Exception {
        writer.running();
        Thread loop = new Thread(writer::beat, "orch-outcomes-test");
        loop.start();
        loop.join();

        Result result = health.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).startsWith("outcome writer DEAD: its thread orch-outcomes-test ended");
    }

    @Test
    void aLoopDeclaredDeadSaysWhyAndOneThatStoppedRunningIsHealthyAgain() {
        writer.running();
        writer.died("its thread died (java.lang.Error: boom)");

        assertThat(health.execute().getMessage()).startsWith("outcome writer DEAD: its thread died (java.lang.Error: boom)"
                + " (last progress 0.0 s ago)");
        writer.notRunning("node stopped");
        assertThat(health.execute().isHealthy()).isTrue();
        assertThat(health.execute().getMessage()).startsWith("outcome writer not running (node stopped)");
    }
}
