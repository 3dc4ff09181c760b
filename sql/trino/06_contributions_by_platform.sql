-- 06_contributions_by_platform.sql (Trino)
--
-- Question: how many activities count as contributions per platform, by how many members, and what share?
-- Inputs:   02_latest_snapshot_view.sql (view hive.lambdasuite.activities).
-- Sample result:
--   platform | contributions | contributors | share
--   github   | 5120          | 231          | 0.61
--
-- BIGINT / BIGINT is integer division in Trino: the CAST to DOUBLE keeps the fraction.

SELECT platform,
       count(*)                 AS contributions,
       count(DISTINCT memberId) AS contributors,
       round(CAST(count(*) AS DOUBLE) / sum(count(*)) OVER (), 2) AS share
FROM hive.lambdasuite.activities
WHERE isContribution
GROUP BY platform
ORDER BY contributions DESC, platform;
