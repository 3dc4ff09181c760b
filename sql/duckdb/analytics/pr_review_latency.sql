-- Review latency per segment and month the pull requests were opened: how long until the first review, and how
-- long reviewers took once a review was requested.
-- Inputs: pull_request_views.sql (view `pull_requests`).
-- Sample result:
--   segmentId | month      | pullRequests | reviewed | medianHoursToFirstReview | medianHoursRequestToReview
--   s-003     | 2024-05-01 | 133          | 118      | 3.2                      | 1.1
SELECT segmentId,
       CAST(date_trunc('month', openedAt AT TIME ZONE 'UTC') AS DATE)           AS month,
       count(*)                                                                  AS pullRequests,
       count(reviewedAt)                                                         AS reviewed,
       round(median(reviewedInSeconds) / 3600, 1)                                AS medianHoursToFirstReview,
       round(median(epoch(reviewedAt - reviewRequestedAt))
             FILTER (WHERE reviewedAt >= reviewRequestedAt) / 3600, 1)           AS medianHoursRequestToReview
FROM pull_requests
GROUP BY segmentId, month
ORDER BY month, pullRequests DESC, segmentId;
