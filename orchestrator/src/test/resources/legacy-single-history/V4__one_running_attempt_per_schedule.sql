-- One attempt of a schedule at a time across the cluster, enforced by the database: at most one
-- RUNNING row per schedule. (Quartz's @DisallowConcurrentExecution did this before, at the cost of
-- a cluster-wide lock round trip per execution.)
CREATE UNIQUE INDEX job_runs_one_running_per_schedule ON job_runs (schedule_name) WHERE status = 'RUNNING';
