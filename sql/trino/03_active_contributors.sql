-- 03_active_contributors.sql (Trino)
--
-- Question: how many distinct members contributed per segment and month (at least one contribution)?
-- Inputs:   02_latest_snapshot_view.sql (view hive.lambdasuite.activities: the latest published snapshot).
-- Sample result (Trino returns column names in lower case):
--   segmentid | month      | activecontributors | contributions
--   s-003     | 2024-05-01 | 87                 | 1204
--
-- count(DISTINCT ...) is exact. On very large snapshots approx_distinct(memberId) (standard error 2.3%) is much
-- cheaper; keep count(DISTINCT) when the numbers are compared with DuckDB's.

SELECT segmentId,
       CAST(date_trunc('month', "timestamp") AS DATE) AS month,
       count(DISTINCT memberId)                       AS activeContributors,
       count(*)                                       AS contributions
FROM hive.lambdasuite.activities
WHERE isContribution
GROUP BY 1, 2
ORDER BY month, activeContributors DESC, segmentId;
