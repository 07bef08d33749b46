-- The cluster's periodic full reconciliation pass is a safety net: at 100,000 schedules it held
-- the pass lock 3 to 8 s and kept both cores busy for part of that, once a minute, and API
-- requests answered meanwhile were ten times slower. Each full pass now records how long it held
-- the lock, and the next is due after fifty times that (at least the poll-based period, at most
-- 15 minutes), so the net never costs more than a fiftieth of the time (ScheduleDao).
ALTER TABLE cluster_state ADD COLUMN full_pass_ms BIGINT;
