-- 11_segments_aggregated.sql (Trino, Hive connector)
--
-- Question: how many distinct contributors and organizations does each segment have, in the latest snapshot?
-- Inputs:   the schema of 01_register_tables.sql (edit the s3://my-bucket/lambdasuite base the same way) and
--           segments_aggregated written by `lambda bootstrap segment-aggregates` (or by `lambda schedule` after each
--           merge): <base>/segments_aggregated/snapshot=<yyyy-MM-ddTHH>/part-*.parquet + _manifest.json, one snapshot
--           per activities snapshot it was computed from (replace mode: the newest is the answer).
-- Output:   external table hive.lambdasuite.segments_aggregated and view hive.lambdasuite.segments_aggregated_latest.
-- Sample:   SELECT * FROM hive.lambdasuite.segments_aggregated_latest ORDER BY contributorCount DESC LIMIT 1;
--             segmentid | contributorcount | organizationcount | snapshotid
--             seg-7     | 1843             | 212               | 2024-05-01 11:00:00.000
--
-- Register partitions only after the job published (see 02_latest_snapshot_view.sql for why): the job is chained
-- after the merge, so sync after the whole scheduled run.

CREATE TABLE IF NOT EXISTS hive.lambdasuite.segments_aggregated (
    segmentId         VARCHAR,
    contributorCount  BIGINT,
    organizationCount BIGINT,
    snapshotId        TIMESTAMP(3),
    snapshot          VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/segments_aggregated',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot']
);

CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'segments_aggregated', mode => 'FULL');

CREATE OR REPLACE VIEW hive.lambdasuite.segments_aggregated_latest AS
SELECT segmentId, contributorCount, organizationCount, snapshotId
FROM hive.lambdasuite.segments_aggregated
WHERE snapshot = (SELECT max(snapshot) FROM hive.lambdasuite."segments_aggregated$partitions");
