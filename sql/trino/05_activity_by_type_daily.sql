-- 05_activity_by_type_daily.sql (Trino)
--
-- Question: how many activities of each type happened per day (UTC)?
-- Inputs:   02_latest_snapshot_view.sql (view hive.lambdasuite.activities).
-- Sample result:
--   day        | type                | activities
--   2024-05-01 | authored-commit     | 812
--   2024-05-01 | pull_request-opened | 133
--
-- "timestamp" is TIMESTAMP(3) holding the UTC wall-clock time (01_register_tables.sql), so the day is the UTC day.

SELECT CAST(date_trunc('day', "timestamp") AS DATE) AS day,
       "type",
       count(*)                                      AS activities
FROM hive.lambdasuite.activities
GROUP BY 1, 2
ORDER BY day, activities DESC, "type";
