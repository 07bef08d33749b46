-- A clinician changes a medication's status: the statement triggers queue the cache refresh.
\set n random(0, 19999)
UPDATE patient_medications SET status = CASE status WHEN 'active' THEN 'paused' ELSE 'active' END, updated_at = now()
 WHERE patient_id = (SELECT id FROM patients ORDER BY id OFFSET :n LIMIT 1);
