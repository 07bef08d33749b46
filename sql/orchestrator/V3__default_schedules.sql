-- The seed's eleven schedules (seed section 10) with their cron, priority, config and durations,
-- and the dependencies the seed intends: the quality metrics and the orphan cleanup read what the
-- orphan detection refreshed; the monthly report reads the quality metrics; the weekly benchmark
-- compares against the baselines refreshed earlier the same morning.
INSERT INTO maintenance_schedules
    (operation_name, cron_schedule, max_duration_minutes, priority, operation_config, depends_on, max_retries, retry_backoff)
VALUES
    ('process_cache_invalidation_queue', '*/30 * * * *', 5, 1,
     '{"batch_size": 100, "max_batch_time_seconds": 25}', '{}', 0, INTERVAL '30 seconds'),
    ('check_performance_alerts', '* * * * *', 2, 1,
     '{"enable_auto_responses": true}', '{}', 0, INTERVAL '30 seconds'),
    ('refresh_orphan_detection', '0 2 * * *', 30, 3,
     '{"refresh_materialized_views": true}', '{}', 2, INTERVAL '2 minutes'),
    ('refresh_data_quality_metrics', '0 3 * * *', 15, 3,
     '{"include_performance_stats": true}', '{refresh_orphan_detection}', 2, INTERVAL '2 minutes'),
    ('cleanup_orphaned_data', '0 4 * * *', 60, 4,
     '{"batch_size": 1000, "max_duration_minutes": 45}', '{refresh_orphan_detection}', 1, INTERVAL '5 minutes'),
    ('maintain_database_indexes', '0 4 * * 0', 120, 5,
     '{"reindex_threshold_percent": 20}', '{}', 1, INTERVAL '10 minutes'),
    ('partition_maintenance', '0 1 * * 0', 90, 6,
     '{"table_list": ["audit_log", "document_processing_stages"]}', '{}', 2, INTERVAL '10 minutes'),
    ('update_performance_baselines', '0 2 * * 1', 30, 6,
     '{"min_query_calls": 50}', '{}', 1, INTERVAL '5 minutes'),
    ('audit_log_cleanup', '0 3 1 * *', 180, 8,
     '{"retention_years": 7, "archive_before_delete": true}', '{}', 1, INTERVAL '15 minutes'),
    ('generate_monthly_reports', '0 6 1 * *', 60, 9,
     '{"include_performance_summary": true}', '{refresh_data_quality_metrics}', 2, INTERVAL '10 minutes'),
    ('weekly_performance_benchmark', '0 5 * * 1', 45, 9,
     '{"run_full_benchmark_suite": true}', '{update_performance_baselines}', 1, INTERVAL '10 minutes');
