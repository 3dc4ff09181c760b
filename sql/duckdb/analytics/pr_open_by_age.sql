-- Open pull requests by age: pull requests neither merged nor closed, bucketed by how long they have been open.
-- Inputs: pull_request_views.sql (view `pull_requests`); optionally SET VARIABLE as_of = TIMESTAMPTZ '...'
--         (default: now) to measure ages at a fixed time.
-- Sample result:
--   ageBucket  | openPullRequests | oldestOpenedAt
--   < 1 day    | 37               | 2024-05-01 00:12:09+00
--   1-7 days   | 120              | 2024-04-24 13:40:00+00
--   90+ days   | 61               | 2023-01-03 08:01:55+00
WITH open AS (
    SELECT openedAt, coalesce(getvariable('as_of')::TIMESTAMPTZ, now()) - openedAt AS age
    FROM pull_requests
    WHERE resolvedAt IS NULL
)
SELECT CASE WHEN age < INTERVAL 1 DAY THEN '< 1 day'
            WHEN age < INTERVAL 7 DAY THEN '1-7 days'
            WHEN age < INTERVAL 30 DAY THEN '7-30 days'
            WHEN age < INTERVAL 90 DAY THEN '30-90 days'
            ELSE '90+ days' END AS ageBucket,
       count(*)      AS openPullRequests,
       min(openedAt) AS oldestOpenedAt
FROM open
GROUP BY ageBucket
ORDER BY min(age);
