-- The latest published snapshot of activityRelations_deduplicated_cleaned, as readers should query it.
-- Inputs: SET VARIABLE base_path = '/path/to/base';
-- A snapshot is published when its directory holds _manifest.json (written last, or moved in with the
-- directory in one atomic rename); directories without it are in progress and never read.
-- Sample: SELECT getvariable('serving_snapshot');  -- 2024-05-01T11
SET VARIABLE serving_snapshot = (
    SELECT max(regexp_extract(file, 'snapshot=([^/]+)/_manifest\.json$', 1))
    FROM glob(getvariable('base_path') || '/activityRelations_deduplicated_cleaned/snapshot=*/_manifest.json'));

CREATE OR REPLACE VIEW activities AS
SELECT * FROM read_parquet(getvariable('base_path') || '/activityRelations_deduplicated_cleaned/snapshot='
                           || getvariable('serving_snapshot') || '/*.parquet');
