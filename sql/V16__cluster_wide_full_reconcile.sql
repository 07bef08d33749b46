-- Each node reconciles Quartz with maintenance_schedules when the table's signature changes, and
-- also makes a full pass every minute as a safety net. That pass costs about seven statements per
-- schedule (2,000 schedules: 14,000 statements); done by every node it grew with the cluster (three
-- nodes: a tenth of the database's statements under load, benchmark). One node per interval does
-- it now: it claims the pass by moving this time forward (ScheduleSynchronizer).
ALTER TABLE cluster_state ADD COLUMN last_full_reconcile TIMESTAMPTZ;
