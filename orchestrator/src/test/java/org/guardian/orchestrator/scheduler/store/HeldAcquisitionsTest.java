package org.guardian.orchestrator.scheduler.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerKey;
import org.quartz.impl.triggers.SimpleTriggerImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the node's scheduler thread holds: an acquisition from before its commit until it is fired or
 * released, so that the check-in never takes one still in hand for lost.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HeldAcquisitionsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final HeldAcquisitions held = new HeldAcquisitions(nanos::get);
    private final OperableTrigger fired = trigger("fired");
    private final OperableTrigger notFired = trigger("not-fired");
    private final OperableTrigger failed = trigger("failed");

    @Test
    void aFireSettlesOnlyTheTriggersItFiredTheOthersUntilQuartzReleasesThem() {
        held.hold(List.of(fired, notFired, failed));

        held.settleFired(List.of(fired, notFired, failed), List.of(
                new TriggerFiredResult(new TriggerFiredBundle(null, fired, null, false, null, null, null, null)),
                new TriggerFiredResult((TriggerFiredBundle) null),
                new TriggerFiredResult(new JobPersistenceException("trigger gone"))));

        assertThat(held.ids()).as("still ACQUIRED, until Quartz releases them").containsExactlyInAnyOrder(
                "not-fired", "failed");
        held.settle(notFired);
        held.settle(failed);
        assertThat(held.ids()).isEmpty();
    }

    @Test
    void anIdWhoseAcquisitionNeverSettledIsForgottenAfterTenMinutes() {
        held.hold(List.of(notFired));

        nanos.addAndGet(TimeUnit.MINUTES.toNanos(10));
        assertThat(held.ids()).containsExactly("not-fired");
        nanos.addAndGet(1);
        assertThat(held.ids()).isEmpty();
    }

    private static OperableTrigger trigger(String entry) {
        SimpleTriggerImpl trigger = new SimpleTriggerImpl();
        trigger.setKey(TriggerKey.triggerKey(entry, "g"));
        trigger.setFireInstanceId(entry);
        return trigger;
    }
}
