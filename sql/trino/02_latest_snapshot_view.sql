-- 02_latest_snapshot_view.sql (Trino)
--
-- Question: what does the latest published serving snapshot hold (and the current dimension tables)?
-- Inputs:   01_register_tables.sql, partitions synced after the last successful merge.
-- Output:   views hive.lambdasuite.activities (the published rows of the newest snapshot: what the analytics queries
--           read, like the DuckDB view `activities`), members_current, organizations_current, segments_current,
--           repositories_current (newest dimension snapshot, tombstones dropped), pull_requests (the newest
--           pull_requests_analyzed snapshot).
-- Sample:   SELECT max(snapshot), count(*) FROM hive.lambdasuite.activities;
--             _col0         | _col1
--             2024-05-01T11 | 9123
--
-- The latest-snapshot rule: the latest published snapshot is the greatest snapshot=<hour> whose directory holds
-- _manifest.json, the merge's commit marker. Trino cannot see that file (names starting with '_' are hidden to
-- the Hive connector, and there is no glob over the file system as in DuckDB), so the rule is moved to the moment
-- partitions are registered: register/sync ONLY after a merge run has succeeded, i.e. after it published.
--   * local file system / HDFS: the merge writes under _staging/, puts _manifest.json in last and renames the
--     directory to snapshot=<hour> in one atomic step, so every snapshot=<hour> directory is complete.
--   * object stores (S3): a directory rename is a copy, so the merge writes in place and puts _manifest.json last;
--     while it runs (or after it crashed, until the rerun) snapshot=<hour> exists WITHOUT a manifest. A sync during
--     that window would register an incomplete partition that max(snapshot) below would then pick. So run the
--     sync (or register_partition) from the same schedule, after the merge, never on its own timer.
-- Then the newest registered partition is complete, and the views below take it.
--
-- max(snapshot) comes from the "$partitions" metadata table, not from the data: it needs no scan, and a
-- published snapshot that holds no published rows still counts (a scan would fall back to an older snapshot).
-- Snapshot values sort in time order as strings (yyyy-MM-ddTHH), so max() on VARCHAR is the newest hour.
-- Readers hold no lock: a snapshot is kept 6 hours after a newer one is published, so a query that resolved the
-- previous newest snapshot a moment before the sync still finds its files (queries shorter than 6 hours).

CREATE OR REPLACE VIEW hive.lambdasuite.activities AS
SELECT *
FROM hive.lambdasuite.activityrelations_deduplicated_cleaned
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."activityrelations_deduplicated_cleaned$partitions");

CREATE OR REPLACE VIEW hive.lambdasuite.members_current AS
SELECT *
FROM hive.lambdasuite.members
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."members$partitions")
  AND NOT isDeleted;

CREATE OR REPLACE VIEW hive.lambdasuite.organizations_current AS
SELECT *
FROM hive.lambdasuite.organizations
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."organizations$partitions")
  AND NOT isDeleted;

CREATE OR REPLACE VIEW hive.lambdasuite.segments_current AS
SELECT *
FROM hive.lambdasuite.segments
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."segments$partitions")
  AND NOT isDeleted;

CREATE OR REPLACE VIEW hive.lambdasuite.repositories_current AS
SELECT *
FROM hive.lambdasuite.repositories
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."repositories$partitions")
  AND NOT isDeleted;

-- pull_requests_analyzed is replaced, not appended: its newest snapshot is the current state of every pull request.
CREATE OR REPLACE VIEW hive.lambdasuite.pull_requests AS
SELECT *
FROM hive.lambdasuite.pull_requests_analyzed
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."pull_requests_analyzed$partitions");

-- Without the "$partitions" table (e.g. a connector or access rule that hides it), the data-driven form works too,
-- at the cost of a scan of the partition column and of skipping a snapshot with no published rows:
--   WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite.activityrelations_deduplicated_cleaned)
