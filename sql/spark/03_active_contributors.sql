-- 03_active_contributors.sql (Spark SQL)
--
-- Question: how many distinct members contributed per segment and month (at least one contribution)?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.activities: the latest published snapshot).
-- Sample result:
--   segmentId | month      | activeContributors | contributions
--   s-003     | 2024-05-01 | 87                 | 1204
--
-- date_trunc works in the session time zone: UTC (set below) gives UTC months, as in DuckDB and Trino.
-- count(DISTINCT ...) is exact; approx_count_distinct(memberId) is cheaper on very large snapshots.

SET spark.sql.session.timeZone = UTC;

SELECT segmentId,
       CAST(date_trunc('MONTH', `timestamp`) AS DATE) AS month,
       count(DISTINCT memberId)                       AS activeContributors,
       count(*)                                       AS contributions
FROM lambdasuite.activities
WHERE isContribution
GROUP BY 1, 2
ORDER BY month, activeContributors DESC, segmentId;
