-- 08_pr_median_time_to_merge.sql (Spark SQL)
--
-- Question: how long do merged pull requests take from opened to merged, per segment (median and 90th percentile)?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.pull_requests: the newest pull_requests_analyzed).
-- Sample result:
--   segmentId | mergedPullRequests | medianHoursToMerge | p90HoursToMerge
--   s-003     | 412                | 18.5               | 96.2
--
-- percentile() is exact and interpolates like DuckDB's median / quantile_cont (percentile_approx is the cheap
-- estimate for very large snapshots).

SELECT segmentId,
       count(*)                                                AS mergedPullRequests,
       round(percentile(mergedInSeconds, 0.5) / 3600, 1)       AS medianHoursToMerge,
       round(percentile(mergedInSeconds, 0.9) / 3600, 1)       AS p90HoursToMerge
FROM lambdasuite.pull_requests
WHERE mergedAt IS NOT NULL
GROUP BY segmentId
ORDER BY mergedPullRequests DESC, segmentId;
