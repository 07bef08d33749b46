-- Run history kept bounded: runs older than the configured retention go, except each schedule's
-- keep_runs latest finished runs (NULL: only its latest). Both it and notify (added by V18) are
-- definition fields, so a change of either now moves the version.
ALTER TABLE maintenance_schedules ADD COLUMN keep_runs INTEGER CHECK (keep_runs BETWEEN 0 AND 1000000);

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
    END IF;
    RETURN NEW;
END $$;
