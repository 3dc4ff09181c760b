-- Median time to merge per segment: how long merged pull requests took from opened to merged.
-- Inputs: pull_request_views.sql (the latest pull_requests_analyzed snapshot as view `pull_requests`).
-- mergedInSeconds is whole unix seconds of mergedAt minus those of openedAt (reference-schema.md §5).
-- Sample result:
--   segmentId | mergedPullRequests | medianHoursToMerge | p90HoursToMerge
--   s-003     | 412                | 18.5               | 96.2
SELECT segmentId,
       count(*)                                               AS mergedPullRequests,
       round(median(mergedInSeconds) / 3600, 1)               AS medianHoursToMerge,
       round(quantile_cont(mergedInSeconds, 0.9) / 3600, 1)   AS p90HoursToMerge
FROM pull_requests
WHERE mergedAt IS NOT NULL
GROUP BY segmentId
ORDER BY mergedPullRequests DESC, segmentId;
