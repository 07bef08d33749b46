-- Nodes LISTEN on orchestrator_schedules and reconcile as soon as a definition changes (through
-- the API or by hand in SQL), rather than at their next poll of the table's signature (which stays,
-- as the fallback). NOTIFY is sent at commit, once per transaction however many rows changed.
CREATE OR REPLACE FUNCTION maintenance_schedules_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.operation_name, NEW.cron_schedule, NEW.is_enabled, NEW.depends_on, NEW.max_duration_minutes,
        NEW.operation_config, NEW.priority, NEW.operation, NEW.time_zone, NEW.max_duration, NEW.max_retries,
        NEW.retry_backoff, NEW.dependency_window, NEW.max_consecutive_failures, NEW.misfire_policy,
        NEW.paused, NEW.suppressed_at, NEW.notify, NEW.keep_runs)
       IS DISTINCT FROM
       (OLD.operation_name, OLD.cron_schedule, OLD.is_enabled, OLD.depends_on, OLD.max_duration_minutes,
        OLD.operation_config, OLD.priority, OLD.operation, OLD.time_zone, OLD.max_duration, OLD.max_retries,
        OLD.retry_backoff, OLD.dependency_window, OLD.max_consecutive_failures, OLD.misfire_policy,
        OLD.paused, OLD.suppressed_at, OLD.notify, OLD.keep_runs) THEN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
        PERFORM pg_notify('orchestrator_schedules', '');
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION maintenance_schedules_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('orchestrator_schedules', '');
    RETURN NULL;
END $$;

CREATE TRIGGER maintenance_schedules_notify AFTER INSERT OR DELETE OR TRUNCATE ON maintenance_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION maintenance_schedules_notify();
