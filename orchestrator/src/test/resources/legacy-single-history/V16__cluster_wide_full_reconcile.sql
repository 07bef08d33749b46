-- Each node reconciles Quartz with maintenance_schedules when the table's signature changes, and
-- also made a full pass every minute as a safety net, and another when it started. A full pass
-- costs about seven statements per schedule (2,000 schedules: 14,000 statements; 20 to 60 s for a
-- node starting beside a loaded one, benchmark); made by every node it grew with the cluster (three
-- nodes: a tenth of the database's statements under load). Now one node per interval makes the
-- periodic pass, claiming it by moving last_full_reconcile forward, and a node that starts while
-- the last full pass (by any node) is recent and saw the table's current signature does not make
-- another (ScheduleSynchronizer).
ALTER TABLE cluster_state ADD COLUMN last_full_reconcile TIMESTAMPTZ;
ALTER TABLE cluster_state ADD COLUMN reconciled_signature TEXT;
