-- mv_latest.sql
--
-- Question: what is the newest version of every activity relation, i.e. what must the MV dataset
--           (activityRelations_enrich_snapshot_mv) say last about each dedup key? This is SPEC §9 restricted to
--           the MV layer: no dimension join, no validity filter, tombstones kept.
-- Inputs:   SET VARIABLE log_dir = '<dir with activityRelations/*.ndjson, ...>';
-- requires: cdc_envelopes.sql
-- Output:   one row per dedup key (segmentId, timestamp, type, platform, channel, sourceId): the version with the
--           greatest (updatedAt, commitLsn, commitIdx) (SPEC §2; arrival order never decides), with the MV
--           columns that need no dimension (Schemas.ACTIVITY without organizationName,
--           organizationCountryCode and heldReason): gitChangedLines, gitChangedLinesBucket,
--           snapshotId = start of the UTC hour of updatedAt + 1 hour. A deleted key keeps its tombstone
--           (isDeleted = true), so a late, older insert cannot bring it back.
-- Sample:
--   segmentId | type          | sourceId | updatedAt              | commitLsn | gitChangedLines | gitChangedLinesBucket | snapshotId             | isDeleted
--   seg-1     | issues-opened | src-1    | 2024-05-01 10:30:00+00 | 300       | 12              | 10-59                 | 2024-05-01 11:00:00+00 | false
--   seg-1     | commit        | src-3    | 2024-05-01 11:00:00+00 | 500       | 0               |                       | 2024-05-01 12:00:00+00 | true

SELECT activityId, conversationId, createdAt, updatedAt, memberId, objectMemberId, objectMemberUsername,
       organizationId, parentId, platform, segmentId, username, sourceId, type, timestamp, sourceParentId, channel,
       sentimentScore, gitInsertions, gitDeletions, score, isContribution, pullRequestReviewState,
       gitChangedLines, gitChangedLinesBucket, snapshotId, commitLsn, commitIdx, isDeleted
FROM activity_versions
QUALIFY row_number() OVER (PARTITION BY segmentId, timestamp, type, platform, channel, sourceId
                           ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
ORDER BY segmentId, timestamp, type, platform, channel, sourceId;
