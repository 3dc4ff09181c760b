-- 11_segments_aggregated.sql (Spark SQL, 3.2 or newer)
--
-- Question: how many distinct contributors and organizations does each segment have, in the latest snapshot?
-- Inputs:   the database of 01_register_tables.sql (edit the s3a://my-bucket/lambdasuite base the same way) and
--           segments_aggregated written by `lambda bootstrap segment-aggregates` (or by `lambda schedule` after each
--           merge): <base>/segments_aggregated/snapshot=<yyyy-MM-ddTHH>/part-*.parquet + _manifest.json, one snapshot
--           per activities snapshot it was computed from (replace mode: the newest is the answer).
-- Output:   table lambdasuite.segments_aggregated and view lambdasuite.segments_aggregated_latest.
-- Sample:   SELECT * FROM lambdasuite.segments_aggregated_latest ORDER BY contributorCount DESC LIMIT 1;
--             segmentId | contributorCount | organizationCount | snapshotId
--             seg-7     | 1843             | 212               | 2024-05-01 11:00:00
--
-- Repair partitions only after the job published (see 02_latest_snapshot_view.sql for why): the job is chained after
-- the merge, so repair after the whole scheduled run.

SET spark.sql.session.timeZone = UTC;

CREATE TABLE IF NOT EXISTS lambdasuite.segments_aggregated (
    segmentId         STRING,
    contributorCount  BIGINT,
    organizationCount BIGINT,
    snapshotId        TIMESTAMP,
    snapshot          STRING
)
USING parquet
PARTITIONED BY (snapshot)
LOCATION 's3a://my-bucket/lambdasuite/segments_aggregated';

MSCK REPAIR TABLE lambdasuite.segments_aggregated SYNC PARTITIONS;

CREATE OR REPLACE VIEW lambdasuite.segments_aggregated_latest AS
SELECT segmentId, contributorCount, organizationCount, snapshotId
FROM lambdasuite.segments_aggregated
WHERE snapshot = (SELECT max(snapshot) FROM lambdasuite.segments_aggregated);
