-- 02_contributions_by_platform.sql (Flink SQL)
-- Question: how many activities count as contributions per platform, and by how many members?
-- Inputs:   01_register_tables.sql (table `activities`). Same result as sql/duckdb/analytics/contributions_by_platform.sql
--           (without the share column).
-- Sample:   platform | contributions | contributors
--           github   | 5120          | 231
SELECT platform,
       COUNT(*)                 AS contributions,
       COUNT(DISTINCT memberId) AS contributors
FROM activities
WHERE isContribution
GROUP BY platform;
