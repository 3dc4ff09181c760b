-- Top organizations by contributions, with their country and how many of their members contribute.
-- Inputs: serving_views.sql (view `activities`).
-- Sample result:
--   organizationName | organizationCountryCode | contributors | contributions
--   Acme             | DE                      | 14           | 530
SELECT organizationName,
       organizationCountryCode,
       count(DISTINCT memberId) AS contributors,
       count(*)                 AS contributions
FROM activities
WHERE isContribution AND organizationId <> ''
GROUP BY organizationName, organizationCountryCode
ORDER BY contributions DESC, organizationName
LIMIT 20;
