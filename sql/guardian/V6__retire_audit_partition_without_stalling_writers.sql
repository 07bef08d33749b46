-- Retiring an audit_log partition must not stall the audit writers of a live database. V5's version
-- locked the parent (SHARE ROW EXCLUSIVE) for the whole copy, so every audit write waited behind it.
-- Now only the retired partition is locked while its rows are copied (writes into the other
-- partitions go on), and the parent is locked last, for the detach alone. The caller sets
-- lock_timeout (SET LOCAL) so that a lock not granted in time ends the transaction instead of
-- queueing writers behind it; the caller then tries again later.
CREATE OR REPLACE FUNCTION public.retire_audit_log_partition(target TEXT, archive_rows BOOLEAN) RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.monthly_partitions p
                    WHERE p.parent_table = 'audit_log' AND p.partition_name = target) THEN
        RAISE EXCEPTION 'not a partition of public.audit_log: %', target;
    END IF;
    EXECUTE format('LOCK TABLE public.%I IN SHARE MODE', target);
    EXECUTE format('SELECT count(*) FROM public.%I', target) INTO n;
    IF archive_rows THEN
        EXECUTE format('INSERT INTO public.audit_log_archive'
                       ' (id, table_name, record_id, operation, reason, changed_by, changed_at, audit_date)'
                       ' SELECT id, table_name, record_id, operation, reason, changed_by, changed_at, audit_date'
                       ' FROM public.%I ON CONFLICT DO NOTHING', target);
    END IF;
    EXECUTE format('ALTER TABLE public.audit_log DETACH PARTITION public.%I', target);
    EXECUTE format('DROP TABLE public.%I', target);
    RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION public.retire_audit_log_partition(TEXT, BOOLEAN) FROM PUBLIC;
