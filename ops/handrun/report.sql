-- An analytics report over the lab results (about 150 ms here: a real aggregate padded by pg_sleep,
-- so that it passes the baseline operation's "mean > 100 ms, > 50 calls" filter on small data).
SELECT pg_sleep(0.12), test_name, count(*), avg(result_value) FROM patient_lab_results GROUP BY test_name;
