-- Views over the datasets the suite writes under one base path.
-- Inputs: SET VARIABLE base_path = '/path/to/base'; before running this file.
-- Question: what is in the MV layer, and what is the newest version of each activity there?
-- Sample: SELECT count(*) FROM activity_mv_latest WHERE NOT isDeleted AND heldReason = '';  -- 9123
--
-- activity_mv holds every new version the streaming job wrote (live, held and tombstones);
-- activity_mv_latest keeps one row per dedup key, the newest by (updatedAt, commitLsn, commitIdx).

CREATE OR REPLACE VIEW activity_mv AS
SELECT * FROM read_parquet(getvariable('base_path') || '/activityRelations_enrich_snapshot_mv/*/*.parquet',
                           hive_partitioning = true);

CREATE OR REPLACE VIEW activity_mv_latest AS
SELECT * EXCLUDE (version_rank) FROM (
    SELECT *, row_number() OVER (
        PARTITION BY segmentId, "timestamp", "type", platform, channel, sourceId
        ORDER BY updatedAt DESC, commitLsn DESC, commitIdx DESC) AS version_rank
    FROM activity_mv)
WHERE version_rank = 1;
