-- 09_pr_open_by_age.sql (Spark SQL)
--
-- Question: how many pull requests are still open (neither merged nor closed), by how long they have been open?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.pull_requests); ages measured at the time of the query.
-- Sample result:
--   ageBucket  | openPullRequests | oldestOpenedAt
--   < 1 day    | 37               | 2024-05-01 00:12:09
--   90+ days   | 61               | 2023-01-03 08:01:55

WITH open AS (
    SELECT openedAt,
           (unix_millis(current_timestamp()) - unix_millis(openedAt)) / 86400000.0 AS ageDays
    FROM lambdasuite.pull_requests
    WHERE resolvedAt IS NULL
)
SELECT CASE WHEN ageDays < 1 THEN '< 1 day'
            WHEN ageDays < 7 THEN '1-7 days'
            WHEN ageDays < 30 THEN '7-30 days'
            WHEN ageDays < 90 THEN '30-90 days'
            ELSE '90+ days' END AS ageBucket,
       count(*)      AS openPullRequests,
       min(openedAt) AS oldestOpenedAt
FROM open
GROUP BY 1
ORDER BY min(ageDays);
