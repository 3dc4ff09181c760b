-- 04_top_organizations.sql (Spark SQL)
--
-- Question: which organizations contribute most, with their country and how many of their members contribute?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.activities).
-- Sample result:
--   organizationName | organizationCountryCode | contributors | contributions
--   Acme             | DE                      | 14           | 530

SELECT organizationName,
       organizationCountryCode,
       count(DISTINCT memberId) AS contributors,
       count(*)                 AS contributions
FROM lambdasuite.activities
WHERE isContribution AND organizationId <> ''
GROUP BY organizationName, organizationCountryCode
ORDER BY contributions DESC, organizationName
LIMIT 20;
