-- Counters that check_performance_alerts turns into rates. pg_stat_statements' and pg_statio's
-- figures are totals since their last reset, whose means hide what happened in the last minutes:
-- each run stores one row here, and a threshold's counter metric is the change between this run's
-- row and the latest row at least measurement_window older. statements holds
-- {queryid: [calls, total ms]} of the statements whose total time reached the slow-query limit,
-- the only ones that can have had a slow execution. NULLs: pg_stat_statements was unavailable.
CREATE TABLE public.statistics_snapshots (
    taken_at      TIMESTAMPTZ PRIMARY KEY,
    blks_hit      BIGINT      NOT NULL,
    blks_read     BIGINT      NOT NULL,
    calls         BIGINT,
    total_time_ms DOUBLE PRECISION,
    statements    JSONB
);
