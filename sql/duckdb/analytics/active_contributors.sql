-- Active contributors per segment and month: distinct members with at least one contribution.
-- Inputs: serving_views.sql (the latest published snapshot as view `activities`).
-- Sample result:
--   segmentId | month      | activeContributors | contributions
--   s-003     | 2024-05-01 | 87                 | 1204
SELECT segmentId,
       date_trunc('month', "timestamp") AS month,
       count(DISTINCT memberId)         AS activeContributors,
       count(*)                         AS contributions
FROM activities
WHERE isContribution
GROUP BY segmentId, month
ORDER BY month, activeContributors DESC, segmentId;
