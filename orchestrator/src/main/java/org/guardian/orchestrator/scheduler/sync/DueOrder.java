package org.guardian.orchestrator.scheduler.sync;

import org.guardian.orchestrator.core.Schedule;
import org.guardian.orchestrator.core.cron.CronCache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Schedules and their blocked reasons, ordered by next fire time: those that cannot fire (blocked,
 * paused, disabled, no fire time ahead) last. A starting pass adds the schedules Quartz lacks in
 * this order, firing already, so the schedules due soonest fire first.
 */
record DueOrder(List<Schedule> schedules, String[] reasons) {

    static DueOrder of(List<Schedule> schedules, String[] reasons, CronCache crons, Instant now) {
        long[] next = new long[schedules.size()];
        IntStream.range(0, next.length).parallel().forEach(i -> {
            Schedule schedule = schedules.get(i);
            Instant at = reasons[i] == null && ScheduleReconciler.fires(schedule)
                    ? crons.nextFireTime(schedule, now) : null;
            next[i] = at == null ? Long.MAX_VALUE : at.toEpochMilli();
        });
        int[] order = IntStream.range(0, next.length).boxed()
                .sorted(Comparator.comparingLong(i -> next[i])).mapToInt(Integer::intValue).toArray();
        List<Schedule> ordered = new ArrayList<>(order.length);
        String[] orderedReasons = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            ordered.add(schedules.get(order[i]));
            orderedReasons[i] = reasons[order[i]];
        }
        return new DueOrder(ordered, orderedReasons);
    }
}
