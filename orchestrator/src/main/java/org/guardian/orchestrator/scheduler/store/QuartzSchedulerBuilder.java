package org.guardian.orchestrator.scheduler.store;

import org.guardian.orchestrator.scheduler.LoopProgress;
import org.guardian.orchestrator.config.DatabaseSettings;
import org.guardian.orchestrator.config.SchedulerSettings;
import org.guardian.orchestrator.db.NodeIdentity;
import org.quartz.Scheduler;
import org.quartz.SchedulerConfigException;
import org.quartz.SchedulerException;
import org.quartz.core.QuartzScheduler;
import org.quartz.core.QuartzSchedulerResources;
import org.quartz.impl.DefaultThreadExecutor;
import org.quartz.impl.StdJobRunShellFactory;
import org.quartz.impl.StdScheduler;
import org.quartz.impl.jdbcjobstore.InvalidConfigurationException;
import org.quartz.simpl.CascadingClassLoadHelper;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * Builds a node's clustered Quartz scheduler from its parts, as Quartz's own factories do, so that
 * the store and the worker pool get their collaborators through their constructors: JDBC store on
 * PostgreSQL ({@link LivenessJobStore}, {@link SkipLockedDelegate}), c3p0 pool, prefetching
 * worker pool.
 */
public final class QuartzSchedulerBuilder {
    public static final String INSTANCE_NAME = "guardian";
    private static final long DB_RETRY_MILLIS = 1000;

    private QuartzSchedulerBuilder() {
    }

    /** The worker pool of a node; its scheduler thread's progress is recorded in {@code schedulerThread}. */
    public static PrefetchingThreadPool pool(SchedulerSettings settings, LoopProgress schedulerThread)
            throws SchedulerConfigException {
        PrefetchingThreadPool pool = new PrefetchingThreadPool();
        pool.setThreadCount(settings.getThreads());
        pool.setThreadNamePrefix("orch-worker");
        pool.setProgress(schedulerThread);
        pool.initialize();
        return pool;
    }

    public static Scheduler build(SchedulerSettings settings, DatabaseSettings database, NodeLiveness liveness,
                                  StoreHooks hooks, JobFactory jobFactory, PrefetchingThreadPool pool)
            throws SchedulerException {
        QuartzVersion.check();
        NodeIdentity identity = liveness.identity();
        LivenessJobStore store = new LivenessJobStore(liveness,
                new FailureDetector(settings.getCheckinIntervalMillis(), settings.getNodeDeadAfterMillis()),
                hooks, pool);
        configure(store, settings, database, identity);
        DefaultThreadExecutor executor = new DefaultThreadExecutor();
        executor.initialize();
        store.setThreadExecutor(executor);

        QuartzSchedulerResources resources = new QuartzSchedulerResources();
        resources.setName(INSTANCE_NAME);
        resources.setThreadName(INSTANCE_NAME + "_QuartzSchedulerThread");
        resources.setInstanceId(identity.nodeId());
        StdJobRunShellFactory runShells = new StdJobRunShellFactory();
        resources.setJobRunShellFactory(runShells);
        resources.setThreadPool(pool);
        resources.setThreadExecutor(executor);
        resources.setJobStore(store);
        // the pool offers its queue places too while fires are quick: batches up to its largest capacity
        resources.setMaxBatchSize(PrefetchingThreadPool.maxCapacity(settings.getThreads()));
        resources.setBatchTimeWindow(0);

        QuartzScheduler quartz = new QuartzScheduler(resources, settings.getIdleWaitMillis(), DB_RETRY_MILLIS);
        Scheduler scheduler = new StdScheduler(quartz);
        quartz.setJobFactory(jobFactory);
        CascadingClassLoadHelper classes = new CascadingClassLoadHelper();
        classes.initialize();
        store.initialize(classes, quartz.getSchedulerSignaler());
        runShells.initialize(scheduler);
        quartz.initialize();
        return scheduler;
    }

    private static void configure(LivenessJobStore store, SchedulerSettings settings, DatabaseSettings database,
                                  NodeIdentity identity) throws SchedulerException {
        String dataSource = "main-" + identity.incarnation();
        QuartzConnectionPool connections = new QuartzConnectionPool(database, identity, settings.getThreads() + 4,
                settings.storeTransactionIdleLimitMillis());
        connections.initialize();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, connections);
        store.setDataSource(dataSource);
        store.setInstanceName(INSTANCE_NAME);
        store.setInstanceId(identity.nodeId());
        store.setThreadPoolSize(settings.getThreads());
        store.setTablePrefix("orchestrator.qrtz_");
        try {
            store.setDriverDelegateClass(SkipLockedDelegate.class.getName());
        } catch (InvalidConfigurationException e) {
            throw new SchedulerConfigException("Cannot use " + SkipLockedDelegate.class.getName(), e);
        }
        store.setIsClustered(true);
        store.setClusterCheckinInterval(settings.getCheckinIntervalMillis());
        store.setUseProperties("true");
        store.setMisfireThreshold(settings.getMisfireThresholdMillis());
        store.setMaxMisfiresToHandleAtATime(settings.getMisfireBatchSize());
        store.setAcquireTriggersWithinLock(false); // row locks instead: LivenessJobStore
        store.setDbRetryInterval(DB_RETRY_MILLIS);
    }
}
