-- 10_pr_review_latency.sql (Trino)
--
-- Question: per segment and month the pull requests were opened, how long until the first review, and how long
--           reviewers took once a review was requested?
-- Inputs:   02_latest_snapshot_view.sql (view hive.lambdasuite.pull_requests).
-- Sample result:
--   segmentid | month      | pullrequests | reviewed | medianhourstofirstreview | medianhoursrequesttoreview
--   s-003     | 2024-05-01 | 133          | 118      | 3.2                      | 1.1
--
-- approx_percentile estimates the median (see 08). approx_percentile ignores NULLs, as count(column) does.

SELECT segmentId,
       CAST(date_trunc('month', openedAt) AS DATE)                                      AS month,
       count(*)                                                                         AS pullRequests,
       count(reviewedAt)                                                                AS reviewed,
       round(approx_percentile(reviewedInSeconds, 0.5) / 3600.0, 1)                     AS medianHoursToFirstReview,
       round(approx_percentile(CASE WHEN reviewedAt >= reviewRequestedAt
                                    THEN date_diff('second', reviewRequestedAt, reviewedAt) END, 0.5) / 3600.0, 1)
                                                                                        AS medianHoursRequestToReview
FROM hive.lambdasuite.pull_requests
GROUP BY 1, 2
ORDER BY month, pullRequests DESC, segmentId;
