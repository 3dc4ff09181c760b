-- 08_pr_median_time_to_merge.sql (Trino)
--
-- Question: how long do merged pull requests take from opened to merged, per segment (median and 90th percentile)?
-- Inputs:   02_latest_snapshot_view.sql (view hive.lambdasuite.pull_requests: the newest pull_requests_analyzed).
-- Sample result (Trino returns column names in lower case):
--   segmentid | mergedpullrequests | medianhourstomerge | p90hourstomerge
--   s-003     | 412                | 18.5               | 96.2
--
-- Trino has no exact median: approx_percentile is an estimate (small relative error), so figures may differ
-- slightly from DuckDB's median / quantile_cont, which interpolate exactly.

SELECT segmentId,
       count(*)                                                          AS mergedPullRequests,
       round(approx_percentile(mergedInSeconds, 0.5) / 3600.0, 1)        AS medianHoursToMerge,
       round(approx_percentile(mergedInSeconds, 0.9) / 3600.0, 1)        AS p90HoursToMerge
FROM hive.lambdasuite.pull_requests
WHERE mergedAt IS NOT NULL
GROUP BY segmentId
ORDER BY mergedPullRequests DESC, segmentId;
