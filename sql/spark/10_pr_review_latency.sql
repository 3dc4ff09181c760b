-- 10_pr_review_latency.sql (Spark SQL)
--
-- Question: per segment and month the pull requests were opened, how long until the first review, and how long
--           reviewers took once a review was requested?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.pull_requests); session time zone UTC (01 sets it).
-- Sample result:
--   segmentId | month      | pullRequests | reviewed | medianHoursToFirstReview | medianHoursRequestToReview
--   s-003     | 2024-05-01 | 133          | 118      | 3.2                      | 1.1

SELECT segmentId,
       CAST(date_trunc('MONTH', openedAt) AS DATE)                                        AS month,
       count(*)                                                                           AS pullRequests,
       count(reviewedAt)                                                                  AS reviewed,
       round(percentile(reviewedInSeconds, 0.5) / 3600, 1)                                AS medianHoursToFirstReview,
       round(percentile(CASE WHEN reviewedAt >= reviewRequestedAt
                             THEN unix_seconds(reviewedAt) - unix_seconds(reviewRequestedAt) END, 0.5) / 3600, 1)
                                                                                          AS medianHoursRequestToReview
FROM lambdasuite.pull_requests
GROUP BY 1, 2
ORDER BY month, pullRequests DESC, segmentId;
