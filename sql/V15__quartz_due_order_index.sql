-- Acquisition takes the earliest due triggers in Quartz's order (next fire time, then priority
-- highest first) up to the batch size: with priority in the index in that order the scan returns
-- them ordered and stops there. It still serves every lookup by state and the misfire scan.
CREATE INDEX idx_qrtz_t_st_nft_prio ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC);
DROP INDEX IF EXISTS idx_qrtz_t_nft_st;
