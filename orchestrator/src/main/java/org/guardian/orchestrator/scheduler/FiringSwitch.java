package org.guardian.orchestrator.scheduler;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether this node's Quartz scheduler takes fires: it does while nothing holds it, and is in
 * standby otherwise (it then acquires nothing and makes no misfire pass; its peers do both).
 */
final class FiringSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(FiringSwitch.class);

    /** What may keep a node from firing, and how health says it. */
    enum Hold {
        NOT_RECONCILED("its first reconciliation has not finished"),
        CLOCK_OFF("its clock is off the database's (see the clock check)"),
        OUTCOME_WRITER_DIED("its outcome writer died (see the progress check)"),
        STOPPING("it is stopping");

        private final String why;

        Hold(String why) {
            this.why = why;
        }
    }

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

    /** Why the node does not fire, when something holds it. */
    synchronized Optional<String> why() {
        return holds.isEmpty() ? Optional.empty()
                : Optional.of(holds.stream().map(hold -> hold.why).collect(Collectors.joining("; ")));
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
