-- One row per start of a node process. Every PostgreSQL session of a node is tagged with its
-- incarnation in application_name ('guardian/<incarnation>/<node id>'). A peer that declares the
-- node dead sets fenced_at first, then terminates those sessions; a session opened afterwards
-- checks fenced_at before it is used, so nothing the fenced process does can commit.
CREATE TABLE node_incarnations (
    incarnation  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id      TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    fenced_at    TIMESTAMPTZ,
    fenced_by    TEXT,
    fence_reason TEXT
);
CREATE INDEX node_incarnations_live ON node_incarnations (node_id) WHERE fenced_at IS NULL;

-- The incarnation that claimed each attempt: recovery interrupts a RUNNING attempt only once its
-- incarnation is fenced, and the sweeper finds attempts stranded by a fenced node.
ALTER TABLE job_runs ADD COLUMN incarnation BIGINT;
