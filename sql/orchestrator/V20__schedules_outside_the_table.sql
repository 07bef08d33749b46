-- Default schedules for what the source design ran outside its schedule table: the slow-query
-- monitor every five minutes (its section 6.1), the materialized-view refresh queue every five
-- minutes (its 3.1) and the connection-pool health check (its 4.2), which the active_connections
-- alert runs as its auto-response; that one is paused, so it runs only when the alert or an
-- operator asks for it. The cache processor keeps its table row's */30 * * * *, although section
-- 3.1 scheduled it every minute (the README says so). A schedule of the same name is kept.
INSERT INTO maintenance_schedules
    (operation_name, cron_schedule, max_duration_minutes, priority, operation_config, depends_on, max_retries,
     retry_backoff, paused)
VALUES
    ('monitor_slow_queries', '*/5 * * * *', 2, 4,
     '{"min_calls": 5, "min_mean_time_ms": 1000, "limit": 20}', '{}', 0, INTERVAL '30 seconds', false),
    ('process_materialized_view_refresh_queue', '*/5 * * * *', 10, 3,
     '{}', '{}', 0, INTERVAL '30 seconds', false),
    ('check_connection_pool_health', '*/10 * * * *', 1, 2,
     '{}', '{}', 0, INTERVAL '30 seconds', true)
ON CONFLICT (operation_name) DO NOTHING;
