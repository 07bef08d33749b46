-- Guardian monitoring objects (seed sections 2.3, 5.1, 6.2, 7.1, 8.1): materialized views,
-- alert thresholds and raised alerts, query baselines and history, monthly reports.

CREATE MATERIALIZED VIEW public.data_quality_metrics AS
    SELECT 'patient_medications'::text AS table_name, COUNT(*) AS total_records,
           COUNT(*) FILTER (WHERE requires_review) AS pending_review,
           COUNT(*) FILTER (WHERE confidence_score < 0.7) AS low_confidence,
           AVG(confidence_score) AS avg_confidence,
           COUNT(*) FILTER (WHERE archived) AS archived_count,
           MAX(updated_at) AS last_updated,
           pg_size_pretty(pg_total_relation_size('public.patient_medications')) AS table_size
      FROM public.patient_medications
    UNION ALL
    SELECT 'patient_conditions', COUNT(*), COUNT(*) FILTER (WHERE requires_review),
           COUNT(*) FILTER (WHERE confidence_score < 0.7), AVG(confidence_score),
           COUNT(*) FILTER (WHERE archived), MAX(updated_at),
           pg_size_pretty(pg_total_relation_size('public.patient_conditions'))
      FROM public.patient_conditions
    UNION ALL
    SELECT 'patient_allergies', COUNT(*), COUNT(*) FILTER (WHERE requires_review),
           COUNT(*) FILTER (WHERE confidence_score < 0.7), AVG(confidence_score),
           COUNT(*) FILTER (WHERE archived), MAX(updated_at),
           pg_size_pretty(pg_total_relation_size('public.patient_allergies'))
      FROM public.patient_allergies
    UNION ALL
    SELECT 'patient_lab_results', COUNT(*), COUNT(*) FILTER (WHERE requires_review),
           COUNT(*) FILTER (WHERE confidence_score < 0.7), AVG(confidence_score),
           COUNT(*) FILTER (WHERE archived), MAX(updated_at),
           pg_size_pretty(pg_total_relation_size('public.patient_lab_results'))
      FROM public.patient_lab_results
    UNION ALL
    SELECT 'medical_data_relationships', COUNT(*), COUNT(*) FILTER (WHERE requires_review),
           COUNT(*) FILTER (WHERE confidence_score < 0.7), AVG(confidence_score),
           COUNT(*) FILTER (WHERE archived), MAX(updated_at),
           pg_size_pretty(pg_total_relation_size('public.medical_data_relationships'))
      FROM public.medical_data_relationships;
CREATE UNIQUE INDEX idx_data_quality_metrics_table ON public.data_quality_metrics (table_name);

-- The seed's unique index was (relationship_path, orphan_type), but the view groups by
-- relationship_type too: two types on one table pair collided. The type is part of the key here.
CREATE MATERIALIZED VIEW public.orphaned_relationships_summary AS
    SELECT orphan_type,
           COUNT(*) AS orphan_count,
           MIN(created_at) AS oldest_orphan,
           MAX(created_at) AS newest_orphan,
           AVG(orphan_age_days) AS avg_age_days,
           relationship_type,
           source_table || ' -> ' || target_table AS relationship_path,
           COUNT(*) FILTER (WHERE orphan_age_days > 30) AS old_orphans_30d,
           COUNT(*) FILTER (WHERE orphan_age_days > 7) AS old_orphans_7d
      FROM public.orphaned_relationships
     GROUP BY orphan_type, relationship_type, source_table, target_table;
CREATE UNIQUE INDEX idx_orphaned_relationships_summary_path
    ON public.orphaned_relationships_summary (relationship_path, orphan_type, relationship_type);

-- Alert thresholds. Differences from the seed: direction (a cache hit ratio alerts when it
-- falls BELOW its thresholds) and auto_response_schedule, the name of a schedule the
-- orchestrator runs, instead of SQL text to execute.
CREATE TABLE public.performance_alert_thresholds (
    id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_name            TEXT        NOT NULL UNIQUE,
    warning_threshold      NUMERIC     NOT NULL,
    critical_threshold     NUMERIC     NOT NULL,
    direction              TEXT        NOT NULL DEFAULT 'above' CHECK (direction IN ('above', 'below')),
    measurement_window     INTERVAL    NOT NULL DEFAULT '5 minutes',
    alert_frequency        INTERVAL    NOT NULL DEFAULT '15 minutes',
    auto_response_enabled  BOOLEAN     NOT NULL DEFAULT false,
    auto_response_schedule TEXT        CHECK (auto_response_schedule ~ '^[a-z][a-z0-9_]{0,62}$'),
    is_enabled             BOOLEAN     NOT NULL DEFAULT true,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO public.performance_alert_thresholds
    (metric_name, warning_threshold, critical_threshold, direction, measurement_window,
     auto_response_enabled, auto_response_schedule)
VALUES
    ('cache_hit_ratio_percent', 95, 90, 'below', '5 minutes', false, NULL),
    ('avg_query_duration_ms', 2000, 5000, 'above', '5 minutes', false, NULL),
    -- The seed ran check_connection_pool_health(), which exists nowhere: no auto-response.
    ('active_connections', 50, 80, 'above', '1 minute', false, NULL),
    ('pending_cache_invalidations', 500, 1000, 'above', '1 minute', true, 'process_cache_invalidation_queue'),
    ('slow_queries_per_minute', 10, 25, 'above', '5 minutes', false, NULL),
    ('database_size_gb', 50, 100, 'above', '1 hour', false, NULL),
    ('orphaned_relationships', 100, 500, 'above', '1 hour', true, 'cleanup_orphaned_data');

CREATE TABLE public.performance_alerts (
    id                      BIGSERIAL PRIMARY KEY,
    metric_name             TEXT        NOT NULL,
    severity                TEXT        NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
    current_value           NUMERIC     NOT NULL,
    threshold_value         NUMERIC     NOT NULL,
    direction               TEXT        NOT NULL,
    raised_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    auto_response_schedule  TEXT,
    auto_response_requested BOOLEAN     NOT NULL DEFAULT false,
    response_result         TEXT
);
CREATE INDEX idx_performance_alerts_metric ON public.performance_alerts (metric_name, raised_at DESC);

CREATE TABLE public.analytics_query_baselines (
    query_hash             TEXT PRIMARY KEY,
    query_category         TEXT        NOT NULL,
    baseline_duration_ms   NUMERIC     NOT NULL,
    baseline_io_ms         NUMERIC     NOT NULL,
    baseline_rows_examined BIGINT      NOT NULL,
    calls                  BIGINT,
    measured_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    replica_recommended    BOOLEAN     NOT NULL DEFAULT false,
    warning_threshold_ms   NUMERIC     NOT NULL,
    critical_threshold_ms  NUMERIC     NOT NULL
);

CREATE TABLE public.query_performance_history (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    query_hash           TEXT        NOT NULL,
    query_category       TEXT        NOT NULL,
    measured_duration_ms NUMERIC     NOT NULL,
    rows_examined        BIGINT      NOT NULL,
    io_time_ms           NUMERIC     NOT NULL,
    measured_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    database_version     TEXT,
    regression_detected  BOOLEAN DEFAULT false,
    details              JSONB
);
CREATE INDEX idx_query_performance_history_hash ON public.query_performance_history (query_hash, measured_at DESC);

CREATE TABLE public.monthly_reports (
    report_month DATE PRIMARY KEY CHECK (report_month = date_trunc('month', report_month)::date),
    generated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    report       JSONB       NOT NULL
);

-- pgstattuple measures index bloat for maintain_database_indexes. It ships with PostgreSQL's
-- contrib, but a server without contrib (or a role without the privilege) must still migrate:
-- the operation then reports it absent.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pgstattuple unavailable (%); index bloat will not be measured', SQLERRM;
END $$;
