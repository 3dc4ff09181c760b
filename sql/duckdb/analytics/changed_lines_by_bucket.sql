-- Commits by size: how many commits fall in each changed-lines bucket, and the lines they changed.
-- Inputs: serving_views.sql (view `activities`).
-- Sample result:
--   gitChangedLinesBucket | commits | changedLines
--   1-9                   | 310     | 1540
--   10-59                 | 702     | 21390
SELECT gitChangedLinesBucket, count(*) AS commits, sum(gitChangedLines) AS changedLines
FROM activities
WHERE "type" IN ('authored-commit', 'committed-commit') AND gitChangedLinesBucket <> ''
GROUP BY gitChangedLinesBucket
ORDER BY min(gitChangedLines);
