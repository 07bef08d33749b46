-- Every fire's updates of qrtz_triggers and qrtz_fired_triggers are non-HOT, so each index costs
-- an entry per update: only the primary keys and the three indexes this cluster's statements use stay:
--   * due and misfired triggers: (sched_name, trigger_state, next_fire_time), also serving every
--     lookup by state;
--   * the triggers of a job: (sched_name, job_name, job_group);
--   * the fires of a node (recovery, the fire validators): (sched_name, instance_name).
-- Lookups by group or calendar (reconciler, pause/resume) scan a few thousand rows at most.
DROP INDEX IF EXISTS idx_qrtz_t_jg;
DROP INDEX IF EXISTS idx_qrtz_t_c;
DROP INDEX IF EXISTS idx_qrtz_t_g;
DROP INDEX IF EXISTS idx_qrtz_t_state;
DROP INDEX IF EXISTS idx_qrtz_t_n_state;
DROP INDEX IF EXISTS idx_qrtz_t_n_g_state;
DROP INDEX IF EXISTS idx_qrtz_t_next_fire_time;
DROP INDEX IF EXISTS idx_qrtz_t_nft_misfire;
DROP INDEX IF EXISTS idx_qrtz_t_nft_st_misfire;
DROP INDEX IF EXISTS idx_qrtz_t_nft_st_misfire_grp;
DROP INDEX IF EXISTS idx_qrtz_ft_inst_job_req_rcvry;
DROP INDEX IF EXISTS idx_qrtz_ft_j_g;
DROP INDEX IF EXISTS idx_qrtz_ft_jg;
DROP INDEX IF EXISTS idx_qrtz_ft_t_g;
DROP INDEX IF EXISTS idx_qrtz_ft_tg;
