-- Monthly-partitioned Guardian tables (seed section 2.2). pg_partman is absent: the
-- partition_maintenance operation creates partitions ahead and audit_log_cleanup retires whole
-- partitions past the retention. Partitions are named <parent>_pYYYYMM.

CREATE TABLE public.audit_log (
    id         UUID        NOT NULL DEFAULT gen_random_uuid(),
    table_name TEXT        NOT NULL,
    record_id  UUID,
    operation  TEXT        NOT NULL,
    reason     TEXT,
    changed_by TEXT,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    audit_date DATE        NOT NULL DEFAULT current_date,
    PRIMARY KEY (id, audit_date)
) PARTITION BY RANGE (audit_date);
CREATE INDEX idx_audit_log_record ON public.audit_log (table_name, record_id);
CREATE INDEX idx_audit_log_changed_at ON public.audit_log (changed_at);

-- Retired audit rows (audit_log_cleanup with archive_before_delete).
CREATE TABLE public.audit_log_archive (
    id          UUID        NOT NULL,
    table_name  TEXT        NOT NULL,
    record_id   UUID,
    operation   TEXT        NOT NULL,
    reason      TEXT,
    changed_by  TEXT,
    changed_at  TIMESTAMPTZ NOT NULL,
    audit_date  DATE        NOT NULL,
    archived_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, audit_date)
);

CREATE TABLE public.document_processing_stages (
    id              UUID        NOT NULL DEFAULT gen_random_uuid(),
    document_id     UUID        NOT NULL REFERENCES public.documents (id) ON DELETE CASCADE,
    stage           TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ,
    processing_date DATE        NOT NULL DEFAULT current_date,
    PRIMARY KEY (id, processing_date)
) PARTITION BY RANGE (processing_date);
CREATE INDEX idx_document_processing_stages_document ON public.document_processing_stages (document_id);

-- Creates the partition of parent_table holding month_start's month; returns its name, or NULL
-- when it already exists. Only partitioned tables of schema public are accepted, and every
-- identifier is quoted with format(%I).
CREATE FUNCTION public.create_monthly_partition(parent_table TEXT, month_start DATE) RETURNS TEXT
LANGUAGE plpgsql AS $$
DECLARE
    m    DATE := date_trunc('month', month_start)::date;
    part TEXT := parent_table || '_p' || to_char(m, 'YYYYMM');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table pt
                     JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid
                     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relname = parent_table) THEN
        RAISE EXCEPTION 'not a partitioned table of schema public: %', parent_table;
    END IF;
    IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES FROM (%L) TO (%L)',
                   part, parent_table, m, (m + INTERVAL '1 month')::date);
    RETURN part;
END $$;

-- The monthly partitions of a parent with their bounds (for maintenance and retention).
CREATE VIEW public.monthly_partitions AS
    SELECT parent.relname::text AS parent_table,
           child.relname::text  AS partition_name,
           (regexp_match(pg_get_expr(child.relpartbound, child.oid), 'FROM \(''([^'']+)''\)'))[1]::date AS range_start,
           (regexp_match(pg_get_expr(child.relpartbound, child.oid), 'TO \(''([^'']+)''\)'))[1]::date   AS range_end
      FROM pg_catalog.pg_inherits i
      JOIN pg_catalog.pg_class parent ON parent.oid = i.inhparent
      JOIN pg_catalog.pg_class child  ON child.oid = i.inhrelid
      JOIN pg_catalog.pg_namespace n  ON n.oid = parent.relnamespace
     WHERE n.nspname = 'public' AND parent.relkind = 'p';

-- The current month, three before and three ahead; partition_maintenance keeps it going.
DO $$
DECLARE
    k INTEGER;
BEGIN
    FOR k IN -3..3 LOOP
        PERFORM public.create_monthly_partition('audit_log', (date_trunc('month', current_date) + make_interval(months => k))::date);
        PERFORM public.create_monthly_partition('document_processing_stages', (date_trunc('month', current_date) + make_interval(months => k))::date);
    END LOOP;
END $$;
