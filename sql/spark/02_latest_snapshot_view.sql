-- 02_latest_snapshot_view.sql (Spark SQL)
--
-- Question: what does the latest published serving snapshot hold (and the current dimension tables)?
-- Inputs:   01_register_tables.sql, partitions added/repaired after the last successful merge.
-- Output:   views lambdasuite.activities (the published rows of the newest snapshot: what the analytics queries read,
--           like the DuckDB view `activities`), members_current, organizations_current, segments_current,
--           repositories_current (newest dimension snapshot, tombstones dropped), pull_requests (the newest
--           pull_requests_analyzed snapshot).
-- Sample:   SELECT max(snapshot), count(*) FROM lambdasuite.activities;
--             max(snapshot) | count(1)
--             2024-05-01T11 | 9123
--
-- The latest-snapshot rule: the latest published snapshot is the greatest snapshot=<hour> whose directory holds
-- _manifest.json, the merge's commit marker. Spark skips '_' files, so it cannot check the marker itself; the rule
-- is moved to the moment partitions are registered: add/repair ONLY after a merge run has succeeded.
--   * local file system / HDFS: the merge writes under _staging/, puts _manifest.json in last and renames the
--     directory to snapshot=<hour> in one atomic step, so every snapshot=<hour> directory is complete.
--   * object stores (S3): a directory rename is a copy, so the merge writes in place and puts _manifest.json last;
--     while it runs (or after it crashed, until the rerun) snapshot=<hour> exists WITHOUT a manifest. A repair
--     during that window would register an incomplete partition that max(snapshot) below would then pick. So run
--     MSCK REPAIR / ADD PARTITION from the same schedule, after the merge, never on its own timer.
-- Then the newest registered partition is complete, and the views below take it.
--
-- Snapshot values sort in time order as strings (yyyy-MM-ddTHH), so max() on STRING is the newest hour.
-- max(snapshot) is computed from the rows (Spark has no partition-metadata table usable in a subquery), so a
-- published snapshot that holds no rows at all would be skipped in favour of the previous one.
-- Readers hold no lock: a snapshot is kept 6 hours after a newer one is published, so a query that resolved the
-- previous newest snapshot a moment before the repair still finds its files (queries shorter than 6 hours).

CREATE OR REPLACE VIEW lambdasuite.activities AS
SELECT *
FROM lambdasuite.activityrelations_deduplicated_cleaned
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.activityrelations_deduplicated_cleaned);

CREATE OR REPLACE VIEW lambdasuite.members_current AS
SELECT *
FROM lambdasuite.members
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.members)
  AND NOT isDeleted;

CREATE OR REPLACE VIEW lambdasuite.organizations_current AS
SELECT *
FROM lambdasuite.organizations
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.organizations)
  AND NOT isDeleted;

CREATE OR REPLACE VIEW lambdasuite.segments_current AS
SELECT *
FROM lambdasuite.segments
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.segments)
  AND NOT isDeleted;

CREATE OR REPLACE VIEW lambdasuite.repositories_current AS
SELECT *
FROM lambdasuite.repositories
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.repositories)
  AND NOT isDeleted;

-- pull_requests_analyzed is replaced, not appended: its newest snapshot is the current state of every pull request.
CREATE OR REPLACE VIEW lambdasuite.pull_requests AS
SELECT *
FROM lambdasuite.pull_requests_analyzed
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.pull_requests_analyzed);
