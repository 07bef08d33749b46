-- The seed's own debounced cache processor (seed §3.1 process_cache_invalidation_queue()) and
-- per-patient refresh (seed §3.2 refresh_user_dashboard_cache()), loaded for the queue benchmark
-- only, into a schema of their own. Never part of sql/ migrations.
--
-- Copied verbatim from the seed except the lines marked "BENCH:" (minimal adaptations so they
-- run on our schema). Their algorithm is kept: row-by-row loop over
-- ORDER BY queued_at LIMIT 100, a 25 s budget, one refresh_user_dashboard_cache() per patient
-- (a dozen queries each), one DELETE per queue row. Their bugs are kept where they don't stop
-- them from running:
--   * documents count: WHERE user_id = user_id. Under PL/pgSQL's default
--     (plpgsql.variable_conflict = error) this raises "column reference "user_id" is ambiguous"
--     on the first call, so the function could never have run as written. BENCH: the function
--     gets "#variable_conflict use_variable" (the pre-9.0 PL/pgSQL behaviour), under which the
--     comparison is $1 = $1, always true: every non-archived document of every patient is
--     counted for each patient (the bug the seed author did not see). Every other reference to
--     user_id in the function is unambiguous, so resolves as before.
--   * recent_lab_results_count, last_document_upload, last_lab_result_date,
--     last_medication_change, last_condition_change are never written (left at 0 / NULL).
--   * summary_data medication_statuses / condition_severities are JSON null, not {}, for a
--     patient with no medications / conditions (jsonb_object_agg over no rows).
--   * the queue DELETE removes the row whatever happened to it meanwhile (a re-queue during
--     the refresh is lost); no SKIP LOCKED. Not exercised here (nothing writes during the run).
-- BENCH: can_access_relationship(source_table, source_id, target_table, target_id) does not
-- exist anywhere in the seed; it is replaced by our schema's ownership rule,
-- medical_data_relationships.patient_id = the patient (the owner, denormalised on the row,
-- indexed by idx_medical_relationships_patient), the rule our operation uses too.
-- Tables are referenced unqualified, as in the seed: callers SET search_path = seed_bench, public.

CREATE SCHEMA IF NOT EXISTS seed_bench;

CREATE OR REPLACE FUNCTION seed_bench.process_cache_invalidation_queue()
RETURNS TABLE(
    patient_id UUID,
    cache_type TEXT,
    cache_refreshed BOOLEAN,
    processing_time_ms INTEGER,
    invalidation_reason TEXT
) AS $$
DECLARE
    queue_record RECORD;
    start_time TIMESTAMPTZ;
    processing_time INTEGER;
    batch_start_time TIMESTAMPTZ := clock_timestamp();
BEGIN
    FOR queue_record IN 
        SELECT q.patient_id, q.cache_type, q.invalidation_reason 
        FROM cache_invalidation_queue q
        ORDER BY q.queued_at ASC
        LIMIT 100 -- Process in batches to prevent long locks
    LOOP
        -- Safety check: don't process for more than 25 seconds
        IF EXTRACT(EPOCH FROM (clock_timestamp() - batch_start_time)) > 25 THEN
            EXIT;
        END IF;
        
        start_time := clock_timestamp();
        
        -- Refresh the appropriate cache
        IF queue_record.cache_type = 'dashboard' THEN
            PERFORM refresh_user_dashboard_cache(queue_record.patient_id);
        END IF;
        
        -- Remove from queue
        DELETE FROM cache_invalidation_queue 
        WHERE cache_invalidation_queue.patient_id = queue_record.patient_id
        AND cache_invalidation_queue.cache_type = queue_record.cache_type;
        
        processing_time := EXTRACT(MILLISECONDS FROM (clock_timestamp() - start_time))::INTEGER;
        
        RETURN QUERY SELECT 
            queue_record.patient_id, 
            queue_record.cache_type,
            true, 
            processing_time,
            queue_record.invalidation_reason;
    END LOOP;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION seed_bench.refresh_user_dashboard_cache(user_id UUID)
RETURNS VOID AS $$
#variable_conflict use_variable
-- BENCH: the line above; see the header (without it the documents count raises
-- 'column reference "user_id" is ambiguous').
DECLARE
    start_time TIMESTAMPTZ := clock_timestamp();
    generation_time INTEGER;
    med_count INTEGER;
    cond_count INTEGER;
    allergy_count INTEGER;
    critical_allergy_count INTEGER;
    review_count INTEGER;
    doc_count INTEGER;
    rel_count INTEGER;
    avg_confidence NUMERIC(4,3);
    summary_json JSONB;
BEGIN
    -- Calculate all metrics in parallel where possible
    SELECT COUNT(*) INTO med_count 
    FROM patient_medications 
    WHERE patient_id = user_id AND archived IS NOT TRUE AND status = 'active';
    
    SELECT COUNT(*) INTO cond_count
    FROM patient_conditions 
    WHERE patient_id = user_id AND archived IS NOT TRUE AND status IN ('active', 'chronic');
    
    SELECT COUNT(*), COUNT(*) FILTER (WHERE severity IN ('severe', 'life_threatening'))
    INTO allergy_count, critical_allergy_count
    FROM patient_allergies 
    WHERE patient_id = user_id AND archived IS NOT TRUE AND status = 'active';
    
    SELECT COUNT(*) INTO doc_count
    FROM documents
    WHERE user_id = user_id AND archived IS NOT TRUE;
    
    -- Count items requiring review across all tables
    SELECT (
        (SELECT COUNT(*) FROM patient_medications WHERE patient_id = user_id AND requires_review = TRUE AND archived IS NOT TRUE) +
        (SELECT COUNT(*) FROM patient_conditions WHERE patient_id = user_id AND requires_review = TRUE AND archived IS NOT TRUE) +
        (SELECT COUNT(*) FROM patient_allergies WHERE patient_id = user_id AND requires_review = TRUE AND archived IS NOT TRUE) +
        (SELECT COUNT(*) FROM patient_lab_results WHERE patient_id = user_id AND requires_review = TRUE AND archived IS NOT TRUE)
    ) INTO review_count;
    
    -- Count relationships where user owns source or target
    SELECT COUNT(*), AVG(confidence_score)
    INTO rel_count, avg_confidence
    FROM medical_data_relationships r
    WHERE archived IS NOT TRUE
    AND r.patient_id = user_id; -- BENCH: was can_access_relationship(r.source_table, r.source_id, r.target_table, r.target_id), which does not exist
    
    -- Build summary JSON for detailed dashboard components
    summary_json := jsonb_build_object(
        'last_updated', NOW(),
        'medication_statuses', (
            SELECT jsonb_object_agg(status, count)
            FROM (
                SELECT status, COUNT(*) as count
                FROM patient_medications 
                WHERE patient_id = user_id AND archived IS NOT TRUE
                GROUP BY status
            ) status_counts
        ),
        'condition_severities', (
            SELECT jsonb_object_agg(severity, count)
            FROM (
                SELECT severity, COUNT(*) as count
                FROM patient_conditions 
                WHERE patient_id = user_id AND archived IS NOT TRUE
                GROUP BY severity
            ) severity_counts
        )
    );
    
    generation_time := EXTRACT(MILLISECONDS FROM (clock_timestamp() - start_time))::INTEGER;
    
    -- Upsert cache record
    INSERT INTO user_dashboard_cache (
        patient_id, active_medications_count, active_conditions_count, 
        active_allergies_count, critical_allergies_count, requires_review_count,
        total_documents_count, total_relationships_count, avg_confidence_score,
        cache_generation_time_ms, summary_data
    ) VALUES (
        user_id, med_count, cond_count, allergy_count, critical_allergy_count, review_count,
        doc_count, rel_count, avg_confidence, generation_time, summary_json
    )
    ON CONFLICT (patient_id) DO UPDATE SET
        active_medications_count = EXCLUDED.active_medications_count,
        active_conditions_count = EXCLUDED.active_conditions_count,
        active_allergies_count = EXCLUDED.active_allergies_count,
        critical_allergies_count = EXCLUDED.critical_allergies_count,
        requires_review_count = EXCLUDED.requires_review_count,
        total_documents_count = EXCLUDED.total_documents_count,
        total_relationships_count = EXCLUDED.total_relationships_count,
        avg_confidence_score = EXCLUDED.avg_confidence_score,
        cache_updated_at = NOW(),
        cache_version = user_dashboard_cache.cache_version + 1,
        cache_generation_time_ms = EXCLUDED.cache_generation_time_ms,
        summary_data = EXCLUDED.summary_data;
    
    -- Performance logging for slow cache refreshes
    IF generation_time > 2000 THEN -- > 2 seconds
        INSERT INTO audit_log (table_name, record_id, operation, reason)
        VALUES ('user_dashboard_cache', user_id, 'UPDATE', 
                format('Slow cache refresh: %sms', generation_time));
    END IF;
END;
$$ LANGUAGE plpgsql;
