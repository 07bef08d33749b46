-- Which schedules changed since the cluster's last full reconciliation pass, without comparing
-- every row with Quartz: each row carries the transaction that last changed its definition (its
-- version) or inserted it, and a full pass records the snapshot it read the table under. A node
-- catching up after an edit then reconciles the rows whose transaction that snapshot does not see.
ALTER TABLE maintenance_schedules ADD COLUMN edited_xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE maintenance_schedules ALTER COLUMN edited_xid SET DEFAULT pg_current_xact_id();

CREATE FUNCTION maintenance_schedules_edited_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.edited_xid := pg_current_xact_id();
    RETURN NEW;
END $$;

-- Fires after maintenance_schedules_version (BEFORE triggers run in name order), which moves the version.
CREATE TRIGGER maintenance_schedules_version_xid BEFORE UPDATE ON maintenance_schedules
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION maintenance_schedules_edited_xid();

ALTER TABLE cluster_state ADD COLUMN reconciled_snapshot TEXT;
