-- The API at scale. GET /api/schedules?limit=&cursor=&prefix= pages in bytewise name order, which
-- this index serves (ordering, cursor and prefix range) whatever the database's collation.
CREATE INDEX maintenance_schedules_name_bytewise ON maintenance_schedules (operation_name COLLATE "C");

-- GET /api/runs?since=: rows are appended in started_at order, so a BRIN index finds the recent ones
-- at almost no cost to the inserts of the hot path (a B-tree would add one more per execution).
CREATE INDEX job_runs_started_at_brin ON job_runs USING brin (started_at);
