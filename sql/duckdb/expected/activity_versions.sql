-- activity_versions.sql
--
-- Question: which versions of activityRelations rows does the CDC log hold, once bad lines are dropped,
--           redeliveries are merged and 'unchanged_toast' columns are filled in?
-- Inputs:   SET VARIABLE log_dir = '<dir with activityRelations/*.ndjson, members/, ...>';
-- requires: cdc_envelopes.sql
-- Output:   one row per (dedup key, version): the columns of reference-schema.md §1 (timestamps as TIMESTAMPTZ,
--           ms precision), the pure enrichment (gitChangedLines, gitChangedLinesBucket, snapshotId), the version
--           (commitLsn, commitIdx), isDeleted (action = delete), and where it came from: action, copies (lines
--           carrying this version), sourceTopic, sourceFile, sourceOffset (byte offset of its first line).
--           Older versions arriving late are listed too: they are versions, even if they change nothing.
-- Sample:
--   activityId | segmentId | type          | updatedAt                | commitLsn | commitIdx | isDeleted | copies
--   act-1      | seg-1     | issues-opened | 2024-05-01 10:00:00+00   | 100       | 0         | false     | 1
--   act-1      | seg-1     | issues-opened | 2024-05-01 10:30:00+00   | 200       | 0         | false     | 2

SELECT * EXCLUDE (updatedAtMs)
FROM activity_versions
ORDER BY segmentId, timestamp, type, platform, channel, sourceId, updatedAt, commitLsn, commitIdx;
