-- 03_changed_lines_by_bucket.sql (Flink SQL)
-- Question: how big are commits: commits and changed lines per gitChangedLinesBucket?
-- Inputs:   01_register_tables.sql. Same result as sql/duckdb/analytics/changed_lines_by_bucket.sql.
-- Sample:   gitChangedLinesBucket | commits | changedLines
--           10-59                 | 812     | 24107
SELECT gitChangedLinesBucket, COUNT(*) AS commits, SUM(gitChangedLines) AS changedLines
FROM activities
WHERE `type` IN ('authored-commit', 'committed-commit') AND gitChangedLinesBucket <> ''
GROUP BY gitChangedLinesBucket;
