-- 04_activity_by_type_daily.sql (Flink SQL)
-- Question: activity time series: activities per UTC day and type.
-- Inputs:   01_register_tables.sql; run with table.local-time-zone = 'UTC' so that days are UTC days (as in the
--           DuckDB query sql/duckdb/analytics/activity_by_type_daily.sql, which gives the same rows).
-- Sample:   day        | type            | activities
--           2024-05-01 | authored-commit | 312
SELECT CAST(`timestamp` AS DATE) AS `day`, `type`, COUNT(*) AS activities
FROM activities
GROUP BY CAST(`timestamp` AS DATE), `type`;
