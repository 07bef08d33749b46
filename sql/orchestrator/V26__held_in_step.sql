-- Nodes started together waited for the first one's full pass (20-30 s at 100,000 schedules new
-- to Quartz) before firing, though it fires itself once the schedules Quartz held are in step.
-- That pass now records the moment: the table's signature and the operations it judged the
-- schedules by, with its session's pid. A node waiting for the pass lock, on the same table with
-- the same operations, starts firing while that session still holds the lock (EarlyFiring).
ALTER TABLE cluster_state ADD COLUMN held_in_step TEXT;
ALTER TABLE cluster_state ADD COLUMN held_in_step_pid INTEGER;
