-- Nodes may connect as a role that owns nothing (ops/db/roles.sql): creating a partition of a
-- table, or detaching and dropping one, needs the table's owner. The two partition functions run
-- as their owner (the role that ran the migrations) on the caller's behalf. Each accepts only a
-- partition of schema public's partitioned tables, quotes every identifier, and runs with a fixed
-- search_path; neither is callable by PUBLIC.
ALTER FUNCTION public.create_monthly_partition(TEXT, DATE) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
REVOKE EXECUTE ON FUNCTION public.create_monthly_partition(TEXT, DATE) FROM PUBLIC;

-- Retires one partition of audit_log in the caller's transaction: archives its rows into
-- audit_log_archive when asked, then detaches and drops it; returns its row count. Writers to
-- audit_log wait (readers do not) so that no row lands in the partition after the copy; the parent
-- is locked first, in the order inserts take their locks.
CREATE FUNCTION public.retire_audit_log_partition(target TEXT, archive_rows BOOLEAN) RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.monthly_partitions p
                    WHERE p.parent_table = 'audit_log' AND p.partition_name = target) THEN
        RAISE EXCEPTION 'not a partition of public.audit_log: %', target;
    END IF;
    LOCK TABLE public.audit_log IN SHARE ROW EXCLUSIVE MODE;
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
