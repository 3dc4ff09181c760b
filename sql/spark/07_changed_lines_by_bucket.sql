-- 07_changed_lines_by_bucket.sql (Spark SQL)
--
-- Question: how many commits fall in each changed-lines bucket, and how many lines did they change?
-- Inputs:   02_latest_snapshot_view.sql (view lambdasuite.activities).
-- Sample result:
--   gitChangedLinesBucket | commits | changedLines
--   1-9                   | 310     | 1540
--   10-59                 | 702     | 21390

SELECT gitChangedLinesBucket,
       count(*)             AS commits,
       sum(gitChangedLines) AS changedLines
FROM lambdasuite.activities
WHERE `type` IN ('authored-commit', 'committed-commit') AND gitChangedLinesBucket <> ''
GROUP BY gitChangedLinesBucket
ORDER BY min(gitChangedLines);
