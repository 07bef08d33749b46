package org.guardian.orchestrator.testing;

import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A node's Quartz scheduler that refuses new or replaced triggers of one job, as Quartz refuses one
 * it cannot store, and any batch of jobs that holds it (one transaction: the whole batch fails).
 */
public final class RefusingScheduler {
    private static final Set<String> STORING = Set.of("scheduleJob", "rescheduleJob");

    private RefusingScheduler() {
    }

    public static Scheduler refusing(Scheduler real, String jobName) {
        return (Scheduler) Proxy.newProxyInstance(Scheduler.class.getClassLoader(), new Class<?>[]{Scheduler.class},
                (proxy, method, args) -> {
                    if (STORING.contains(method.getName()) && Arrays.stream(args).anyMatch(a -> a instanceof Trigger t
                            && t.getJobKey().getName().equals(jobName))) {
                        throw new SchedulerException("refused for the test");
                    }
                    if (method.getName().equals("scheduleJobs") && ((Map<?, ?>) args[0]).keySet().stream()
                            .anyMatch(job -> ((JobDetail) job).getKey().getName().equals(jobName))) {
                        throw new SchedulerException("refused for the test (with the whole batch)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
