-- Quartz's PostgreSQL script gives qrtz_triggers twelve secondary indexes and qrtz_fired_triggers
-- six. Every fire updates a trigger row twice (ACQUIRED, then its new fire time) and inserts and
-- updates a fired-trigger row; none of those updates can be HOT (they change indexed columns), so
-- each one writes an entry into every index of the table. The statements this cluster runs on
-- these tables use only the primary keys and the three indexes kept here:
--   * due and misfired triggers: (sched_name, trigger_state, next_fire_time), also serving every
--     lookup by state;
--   * the triggers of a job: (sched_name, job_name, job_group);
--   * the fires of a node (recovery, the fire validators): (sched_name, instance_name).
-- Lookups by group or calendar run on tables of a few thousand rows at most (one trigger per
-- schedule), in the reconciler and in pause/resume, where a scan costs less than maintaining the
-- index on every fire did (measured in ops/bench: ops/bench/RESULTS.md, notes).
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
