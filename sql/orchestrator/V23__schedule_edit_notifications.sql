-- Nodes LISTEN on orchestrator_schedules and reconcile as soon as a definition changes (through
-- the API or by hand in SQL), rather than at their next poll of the table's signature (which stays,
-- as the fallback). NOTIFY is sent at commit, once per transaction however many rows changed.
CREATE FUNCTION maintenance_schedules_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('orchestrator_schedules', '');
    RETURN NULL;
END $$;

-- A definition change moves the row's version (maintenance_schedules_version, V2 and V22); status
-- writes by executions do not, so they cost this trigger no call.
CREATE TRIGGER maintenance_schedules_edited AFTER UPDATE ON maintenance_schedules
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION maintenance_schedules_notify();

CREATE TRIGGER maintenance_schedules_notify AFTER INSERT OR DELETE OR TRUNCATE ON maintenance_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION maintenance_schedules_notify();
