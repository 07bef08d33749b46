package org.guardian.orchestrator.testing;

import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts Quartz's raw firings per (trigger, scheduled fire time) on every node it is added to,
 * before the orchestrator's own once-per-fire-time claim: a double fire by Quartz shows here.
 */
public final class FireCounter extends TriggerListenerSupport {
    private final Map<String, AtomicInteger> fires = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "fire-counter";
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        String key = trigger.getKey() + "@" + context.getScheduledFireTime().toInstant();
        fires.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    public Map<String, Integer> firesMoreThanOnce() {
        Map<String, Integer> doubles = new ConcurrentHashMap<>();
        fires.forEach((k, v) -> {
            if (v.get() > 1) {
                doubles.put(k, v.get());
            }
        });
        return doubles;
    }

    public int total() {
        return fires.values().stream().mapToInt(AtomicInteger::get).sum();
    }

}
