-- One row per notification and channel: an event (a suppression, a block, a final failure, ...)
-- told to one email recipient list or one webhook. A Quartz job (group 'notifications') sends it;
-- the row records whether it was sent, failed after its retries, or was held back by the rate limit.
CREATE TABLE notifications (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event         TEXT        NOT NULL,
    schedule_name TEXT,
    -- what the rate limit counts by: the schedule, or the node or metric of a cluster event
    scope         TEXT        NOT NULL,
    channel       TEXT        NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
    recipient     TEXT        NOT NULL,
    subject       TEXT        NOT NULL,
    body          TEXT        NOT NULL,
    payload       JSONB       NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'RATE_LIMITED')),
    attempts      INTEGER     NOT NULL DEFAULT 0,
    last_error    TEXT,
    -- the same event noticed by several nodes (or twice by one) is one notification per channel
    dedupe_key    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    sent_at       TIMESTAMPTZ,
    raised_by     TEXT        NOT NULL,
    sent_by       TEXT
);
CREATE UNIQUE INDEX notifications_once ON notifications (dedupe_key, channel);
-- the rate limit looks up the latest notification of a (scope, event, channel)
CREATE INDEX notifications_recent ON notifications (scope, event, channel, created_at DESC);

-- Per schedule, which events notify whom: NULL = every event to the configured channels; see README.
ALTER TABLE maintenance_schedules ADD COLUMN notify JSONB;
