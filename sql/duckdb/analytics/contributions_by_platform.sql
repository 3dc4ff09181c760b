-- Contributions by platform: how many activities count as contributions, and by how many members.
-- Inputs: serving_views.sql (view `activities`).
-- Sample result:
--   platform | contributions | contributors | share
--   github   | 5120          | 231          | 0.61
SELECT platform,
       count(*)                 AS contributions,
       count(DISTINCT memberId) AS contributors,
       round(count(*) / sum(count(*)) OVER (), 2) AS share
FROM activities
WHERE isContribution
GROUP BY platform
ORDER BY contributions DESC, platform;
