-- repositories_latest.sql
--
-- Question: what is the current version of every repositories row in the CDC log (the latest repositories_mv row per id)?
-- Inputs:   SET VARIABLE log_dir = '<dir with repositories/*.ndjson, ...>';
-- requires: cdc_envelopes.sql
-- Output:   one row per id: the version with the greatest (updatedAt, commitLsn, commitIdx) (SPEC §2), with
--           url, segmentId, enabled (default true), excluded (default false), deletedAt (NULL while not soft-deleted),
--           'unchanged_toast' columns filled from the previous version of the id, and the version, isDeleted
--           (a tombstone: the row was deleted) and snapshotId (start of the UTC hour of updatedAt + 1 hour).
--           The current live dimension table is this minus the tombstones (WHERE NOT isDeleted).
-- Sample:
--   id     | url                          | segmentId | enabled | excluded | deletedAt | updatedAt              | commitLsn | commitIdx | isDeleted | snapshotId
--   repo-1 | https://github.com/acme/app | seg-1     | true    | false    | NULL      | 2024-05-01 10:00:00+00 | 10        | 0         | false     | 2024-05-01 11:00:00+00

SELECT id, url, segmentId, enabled, excluded, deletedAt, updatedAt, commitLsn, commitIdx, isDeleted, snapshotId
FROM repository_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
ORDER BY id;
