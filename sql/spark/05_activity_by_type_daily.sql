-- 05_activity_by_type_daily.sql (Spark SQL)
--
-- Question: how many activities of each type happened per day (UTC)?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.activities).
-- Sample result:
--   day        | type                | activities
--   2024-05-01 | authored-commit     | 812
--   2024-05-01 | pull_request-opened | 133
--
-- The day is taken in the session time zone: UTC (set below).

SET spark.sql.session.timeZone = UTC;

SELECT CAST(date_trunc('DAY', `timestamp`) AS DATE) AS day,
       `type`,
       count(*)                                      AS activities
FROM lambdasuite.activities
GROUP BY 1, 2
ORDER BY day, activities DESC, `type`;
