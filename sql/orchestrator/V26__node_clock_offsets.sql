-- Each live node writes how far its clock is from the database's (ClockWatch, every few seconds):
-- the cluster's check-ins and fences go by the database's clock, Quartz's firing by each node's own.
-- A node off by more than ORCH_MAX_CLOCK_OFFSET_MS, while most of its live peers agree with the
-- database, stops firing until its clock is back.
ALTER TABLE node_incarnations ADD COLUMN clock_offset_ms BIGINT, ADD COLUMN clock_checked_at TIMESTAMPTZ;
