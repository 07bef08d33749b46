package org.guardian.orchestrator.scheduler.store;

import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The acquisitions this node's scheduler thread holds: fire instance ids acquired (noted before the
 * acquisition commits) and neither fired nor released yet. An ACQUIRED fired-trigger row of this node
 * that is not among them is one the database kept and the node no longer knows, as a standby promoted
 * without the fire that followed it leaves it: nobody else frees a live node's acquisition.
 */
final class HeldAcquisitions {
    /** An id noted by an acquisition whose commit failed is never settled: forgotten after this long. */
    private static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private final LongSupplier ticks;

    HeldAcquisitions(LongSupplier ticks) {
        this.ticks = ticks;
    }

    void hold(Collection<OperableTrigger> triggers) {
        long now = ticks.getAsLong();
        triggers.forEach(trigger -> held.put(trigger.getFireInstanceId(), now));
    }

    /** The acquisition of this trigger was fired or released (or failed): no longer held. */
    void settle(OperableTrigger trigger) {
        if (trigger.getFireInstanceId() != null) {
            held.remove(trigger.getFireInstanceId());
        }
    }

    /**
     * After a fire ({@code results} in the order of {@code triggers}): those fired are no longer held;
     * the others stay held until Quartz releases them ({@link #settle} then), their rows ACQUIRED meanwhile.
     */
    void settleFired(List<OperableTrigger> triggers, List<TriggerFiredResult> results) {
        for (int i = 0; i < triggers.size(); i++) {
            if (i >= results.size() || results.get(i).getTriggerFiredBundle() != null) {
                settle(triggers.get(i));
            }
        }
    }

    /** The fire instance ids held now. */
    List<String> ids() {
        long now = ticks.getAsLong();
        held.values().removeIf(since -> now - since > FORGET_AFTER_NANOS);
        return new ArrayList<>(held.keySet());
    }
}
