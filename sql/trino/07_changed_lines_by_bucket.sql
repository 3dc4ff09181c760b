-- 07_changed_lines_by_bucket.sql (Trino)
--
-- Question: how many commits fall in each changed-lines bucket, and how many lines did they change?
-- Inputs:   02_latest_snapshot_view.sql (view hive.lambdasuite.activities).
-- Sample result:
--   gitchangedlinesbucket | commits | changedlines
--   1-9                   | 310     | 1540
--   10-59                 | 702     | 21390

SELECT gitChangedLinesBucket,
       count(*)             AS commits,
       sum(gitChangedLines) AS changedLines
FROM hive.lambdasuite.activities
WHERE "type" IN ('authored-commit', 'committed-commit') AND gitChangedLinesBucket <> ''
GROUP BY gitChangedLinesBucket
ORDER BY min(gitChangedLines);
