-- One node per interval makes the periodic full reconcile pass, claiming it by moving
-- last_full_reconcile forward, since a full pass costs about seven statements per schedule; a node
-- starting right after a recent pass that saw the table's current signature skips its own.
ALTER TABLE cluster_state ADD COLUMN last_full_reconcile TIMESTAMPTZ;
ALTER TABLE cluster_state ADD COLUMN reconciled_signature TEXT;
