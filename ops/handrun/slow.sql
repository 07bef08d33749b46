-- A slow export (over 1 s): what monitor_slow_queries and the slow-query alert are for.
SELECT pg_sleep(1.1), count(*) FROM audit_log WHERE operation = 'UPDATE';
