package org.guardian.orchestrator.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StuckAttemptsHealthCheckTest {

    @Test
    void healthyWithoutStuckAttemptsAndUnhealthyListingTheirRunIds() {
        assertThat(new StuckAttemptsHealthCheck(Set::of).execute().isHealthy()).isTrue();

        var stuck = new StuckAttemptsHealthCheck(() -> Set.of(42L, 7L)).execute();

        assertThat(stuck.isHealthy()).isFalse();
        assertThat(stuck.getMessage()).isEqualTo("2 attempt(s) stuck RUNNING through two sweeps (recovery did not"
                + " take them): runs [7, 42]");
    }
}
