-- A patient opens the dashboard: the cached summary, then the medication list.
\set n random(0, 19999)
SELECT active_medications_count, active_conditions_count, summary_data FROM user_dashboard_cache
 WHERE patient_id = (SELECT id FROM patients ORDER BY id OFFSET :n LIMIT 1);
SELECT medication_name, status FROM patient_medications
 WHERE patient_id = (SELECT id FROM patients ORDER BY id OFFSET :n LIMIT 1) AND archived IS NOT TRUE;
