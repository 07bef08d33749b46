-- The materialized-view refresh queue that the source design scheduled every five minutes
-- (process_materialized_view_refresh_queue) but never defined. A write statement on a table that a
-- Guardian materialized view reads queues that view once (a statement trigger; no unique key, so a
-- writer never waits on another: a rare duplicate row is harmless); the operation takes the queued
-- views and refreshes each concurrently, so dashboards built on them lag by minutes, not a day.
CREATE TABLE public.materialized_view_refresh_queue (
    view_name    TEXT        NOT NULL CHECK (view_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason       TEXT
);
CREATE INDEX idx_materialized_view_refresh_queue_view ON public.materialized_view_refresh_queue (view_name);

-- It runs as its owner so that any role allowed to write those tables can queue a refresh.
CREATE FUNCTION public.queue_materialized_view_refresh() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO public.materialized_view_refresh_queue (view_name, reason)
    SELECT v, TG_OP || ' on ' || TG_TABLE_NAME FROM unnest(TG_ARGV) v
     WHERE NOT EXISTS (SELECT 1 FROM public.materialized_view_refresh_queue q WHERE q.view_name = v);
    RETURN NULL;
END $$;

-- data_quality_metrics reads the four record tables and the relationships; the orphan summary
-- reads the relationships, their types and every record table (documents included).
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.patient_medications
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('data_quality_metrics', 'orphaned_relationships_summary');
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.patient_conditions
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('data_quality_metrics', 'orphaned_relationships_summary');
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.patient_allergies
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('data_quality_metrics', 'orphaned_relationships_summary');
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.patient_lab_results
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('data_quality_metrics', 'orphaned_relationships_summary');
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.medical_data_relationships
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('data_quality_metrics', 'orphaned_relationships_summary');
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.documents
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('orphaned_relationships_summary');
CREATE TRIGGER queue_view_refresh AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.relationship_types
    FOR EACH STATEMENT EXECUTE FUNCTION public.queue_materialized_view_refresh('orphaned_relationships_summary');

-- The seed answered too many active connections with check_connection_pool_health(); that is now
-- an operation with a schedule of the same name, which this alert runs.
UPDATE public.performance_alert_thresholds
   SET auto_response_enabled = true, auto_response_schedule = 'check_connection_pool_health'
 WHERE metric_name = 'active_connections' AND auto_response_schedule IS NULL;
