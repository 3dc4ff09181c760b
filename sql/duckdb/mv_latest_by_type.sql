-- Which platforms and activity types dominate, counting each activity once at its newest version and
-- only rows that pass the validity filters (what serving will publish).
-- Inputs: the views of views.sql (SET VARIABLE base_path first).
-- Sample result:
--   platform | type                 | activities | changedLines
--   github   | authored-commit      | 4210       | 912345
--   github   | pull_request-opened  | 1033       | 0
SELECT platform, "type", count(*) AS activities, sum(gitChangedLines) AS changedLines
FROM activity_mv_latest
WHERE NOT isDeleted AND heldReason = ''
GROUP BY platform, "type"
ORDER BY activities DESC, platform, "type"
LIMIT 10;
