package org.guardian.orchestrator.scheduler;

import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;

import java.util.Properties;

/** Builds the clustered Quartz scheduler: JDBC store on PostgreSQL, c3p0 pool, our liveness store. */
public final class QuartzSchedulerBuilder {
    public static final String INSTANCE_NAME = "guardian";

    private QuartzSchedulerBuilder() {
    }

    public static Scheduler build(SchedulerSettings settings, DatabaseSettings database, String nodeId,
                                  JobFactory jobFactory) throws SchedulerException {
        StdSchedulerFactory factory = new StdSchedulerFactory(properties(settings, database, nodeId));
        Scheduler scheduler = factory.getScheduler();
        // Every node shares the cluster's scheduler name; forget it in this JVM's registry so that
        // several nodes can live in one JVM (the cluster tests) without being handed the same one.
        SchedulerRepository.getInstance().remove(INSTANCE_NAME);
        scheduler.setJobFactory(jobFactory);
        return scheduler;
    }

    static Properties properties(SchedulerSettings settings, DatabaseSettings database, String nodeId) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", INSTANCE_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", nodeId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // The pool offers its queue places as well while the fires are quick (PrefetchingThreadPool), so
        // that the scheduler thread's two transactions per batch are shared by up to that many fires.
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                String.valueOf(PrefetchingThreadPool.defaultCapacity(settings.getThreads())));
        p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(settings.getIdleWaitMillis()));
        p.setProperty("org.quartz.threadPool.class", PrefetchingThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.getThreads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "orch-worker");
        p.setProperty("org.quartz.jobStore.class", LivenessJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", SkipLockedDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.tablePrefix", "orchestrator.qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.getCheckinIntervalMillis()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(settings.getMisfireThresholdMillis()));
        p.setProperty("org.quartz.jobStore.maxMisfiresToHandleAtATime", String.valueOf(settings.getMisfireBatchSize()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "false"); // row locks instead: LivenessJobStore
        p.setProperty("org.quartz.jobStore.dbRetryInterval", "1000");
        String dataSourceName = "main-" + nodeId;
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.livenessUrl", database.jdbcUrl());
        p.setProperty("org.quartz.jobStore.livenessUser", database.getUser());
        p.setProperty("org.quartz.jobStore.livenessPassword", database.getPassword());
        String ds = "org.quartz.dataSource." + dataSourceName;
        p.setProperty(ds + ".connectionProvider.class", QuartzConnectionPool.class.getName());
        p.setProperty(ds + ".URL", database.jdbcUrl());
        p.setProperty(ds + ".user", database.getUser());
        p.setProperty(ds + ".password", database.getPassword());
        p.setProperty(ds + ".maxConnections", String.valueOf(settings.getThreads() + 4));
        return p;
    }
}
