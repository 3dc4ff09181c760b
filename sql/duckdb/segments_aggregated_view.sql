-- The latest published snapshot of segments_aggregated, as readers should query it.
-- Question: how many distinct contributors and organizations does each segment have (latest snapshot)?
-- Inputs: SET VARIABLE base_path = '/path/to/base';  (lambda bootstrap segment-aggregates, or lambda schedule, wrote it)
-- A snapshot is published when its directory holds _manifest.json; directories without it are never read.
-- Sample: SELECT * FROM segments_aggregated ORDER BY contributorCount DESC LIMIT 1;
--   segmentId | contributorCount | organizationCount | snapshotId
--   seg-7     | 1843             | 212               | 2024-05-01 11:00:00+00
SET VARIABLE segments_aggregated_snapshot = (
    SELECT max(regexp_extract(file, 'snapshot=([^/]+)/_manifest\.json$', 1))
    FROM glob(getvariable('base_path') || '/segments_aggregated/snapshot=*/_manifest.json'));

CREATE OR REPLACE VIEW segments_aggregated AS
SELECT segmentId, contributorCount, organizationCount, snapshotId
FROM read_parquet(getvariable('base_path') || '/segments_aggregated/snapshot='
                  || getvariable('segments_aggregated_snapshot') || '/*.parquet');
