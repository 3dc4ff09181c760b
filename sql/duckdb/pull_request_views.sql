-- The latest published snapshot of pull_requests_analyzed, as readers should query it.
-- Inputs: SET VARIABLE base_path = '/path/to/base';   (after lambda merge --dataset pull_requests or
--         lambda bootstrap pull-requests has published a snapshot)
-- The dataset is replaced, not appended: one published snapshot at a time, briefly two while a new one replaces
-- the old (the old one is removed right after the new one is published). A snapshot is published when its directory
-- holds _manifest.json; inside it, rows are partitioned by the year of openedAt (openedYear=YYYY/).
-- Question: what is the current state of every pull request?
-- Sample: SELECT getvariable('pull_request_snapshot'), count(*) FROM pull_requests;  -- 2024-05-01T11 | 1234
SET VARIABLE pull_request_snapshot = (
    SELECT max(regexp_extract(file, 'snapshot=([^/]+)/_manifest\.json$', 1))
    FROM glob(getvariable('base_path') || '/pull_requests_analyzed/snapshot=*/_manifest.json'));

CREATE OR REPLACE VIEW pull_requests AS
SELECT * FROM read_parquet(getvariable('base_path') || '/pull_requests_analyzed/snapshot='
                           || getvariable('pull_request_snapshot') || '/openedYear=*/*.parquet',
                           hive_partitioning = false);
