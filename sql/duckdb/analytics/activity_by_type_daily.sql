-- Activity time series: activities per day and type.
-- Inputs: serving_views.sql (view `activities`).
-- Sample result:
--   day        | type                | activities
--   2024-05-01 | authored-commit     | 812
--   2024-05-01 | pull_request-opened | 133
SELECT CAST(date_trunc('day', "timestamp") AS DATE) AS day, "type", count(*) AS activities
FROM activities
GROUP BY day, "type"
ORDER BY day, activities DESC, "type";
