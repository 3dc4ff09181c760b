-- organizations_latest.sql
--
-- Question: what is the current version of every organizations row in the CDC log (the latest organizations_mv row per id)?
-- Inputs:   SET VARIABLE log_dir = '<dir with organizations/*.ndjson, ...>';
-- requires: cdc_envelopes.sql
-- Output:   one row per id: the version with the greatest (updatedAt, commitLsn, commitIdx) (SPEC §2), with
--           displayName, country, location,
--           'unchanged_toast' columns filled from the previous version of the id, and the version, isDeleted
--           (a tombstone: the row was deleted) and snapshotId (start of the UTC hour of updatedAt + 1 hour).
--           The current live dimension table is this minus the tombstones (WHERE NOT isDeleted).
-- Sample:
--   id    | displayName | country | location | updatedAt              | commitLsn | commitIdx | isDeleted | snapshotId
--   org-1 | Acme        | Germany | Berlin   | 2024-05-01 10:05:00+00 | 20        | 0         | false     | 2024-05-01 11:00:00+00

SELECT id, displayName, country, location, updatedAt, commitLsn, commitIdx, isDeleted, snapshotId
FROM organization_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
ORDER BY id;
