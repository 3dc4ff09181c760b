-- members_latest.sql
--
-- Question: what is the current version of every members row in the CDC log (the latest members_mv row per id)?
-- Inputs:   SET VARIABLE log_dir = '<dir with members/*.ndjson, ...>';
-- requires: cdc_envelopes.sql
-- Output:   one row per id: the version with the greatest (updatedAt, commitLsn, commitIdx) (SPEC §2), with
--           displayName and the flags isBot, isTeamMember, isOrganization (attributes.<flag>.default, false when absent),
--           'unchanged_toast' columns filled from the previous version of the id, and the version, isDeleted
--           (a tombstone: the row was deleted) and snapshotId (start of the UTC hour of updatedAt + 1 hour).
--           The current live dimension table is this minus the tombstones (WHERE NOT isDeleted).
-- Sample:
--   id   | displayName | isBot | isTeamMember | isOrganization | updatedAt              | commitLsn | commitIdx | isDeleted | snapshotId
--   mem-1 | Ada         | false | false        | false          | 2024-05-01 10:05:00+00 | 20        | 0         | false     | 2024-05-01 11:00:00+00

SELECT id, displayName, isBot, isTeamMember, isOrganization, updatedAt, commitLsn, commitIdx, isDeleted, snapshotId
FROM member_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
ORDER BY id;
