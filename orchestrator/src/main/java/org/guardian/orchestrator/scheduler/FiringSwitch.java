package org.guardian.orchestrator.scheduler;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether this node's Quartz scheduler takes fires: it does while nothing holds it, and is in
 * standby otherwise (it then acquires nothing and makes no misfire pass; its peers do both).
 */
final class FiringSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(FiringSwitch.class);

    /** What may keep a node from firing. */
    enum Hold { NOT_RECONCILED, CLOCK_OFF, OUTCOME_WRITER_DIED, STOPPING }

    private final Scheduler scheduler;
    private final Set<Hold> holds = EnumSet.of(Hold.NOT_RECONCILED);

    FiringSwitch(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    synchronized void hold(Hold hold) {
        if (holds.add(hold)) {
            apply();
        }
    }

    synchronized void release(Hold hold) {
        if (holds.remove(hold)) {
            apply();
        }
    }

    synchronized boolean isHeld(Hold hold) {
        return holds.contains(hold);
    }

    boolean isShutDown() {
        try {
            return scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    private void apply() {
        try {
            if (scheduler.isShutdown()) {
                return;
            }
            if (holds.isEmpty() && scheduler.isInStandbyMode()) {
                scheduler.start();
            } else if (!holds.isEmpty() && scheduler.isStarted() && !scheduler.isInStandbyMode()) {
                scheduler.standby();
            }
        } catch (SchedulerException e) {
            LOG.error("Node {} could not {} firing (held by {})", nodeId(), holds.isEmpty() ? "resume" : "stop",
                    holds, e);
        }
    }

    private String nodeId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "?";
        }
    }
}
