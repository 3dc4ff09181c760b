-- segments_aggregated.sql
--
-- Question: what must segments_aggregated hold for a CDC log, once the serving snapshot is up to date with it?
--           Per segmentId of the expected serving snapshot (serving_latest.sql), over its published rows with
--           isContribution true: the distinct non-empty memberIds and the distinct non-empty organizationIds
--           (reference-schema.md §6; ours: the empty organization is not counted).
-- Inputs:   SET VARIABLE log_dir = '<dir with activityRelations/, members/, organizations/, segments/, repositories/>'
-- requires: cdc_envelopes.sql
-- requires: serving_latest.sql
-- Output:   TEMP view expected_segments_aggregated and its rows: segmentId, contributorCount, organizationCount
--           (BIGINT), one row per segment with at least one published contribution.
--   From the DuckDB CLI:
--     cat cdc_envelopes.sql serving_latest.sql segments_aggregated.sql | duckdb -cmd "SET VARIABLE log_dir = '/tmp/log'"
-- Sample:
--   segmentId | contributorCount | organizationCount
--   seg-1     | 12               | 4

CREATE OR REPLACE TEMP VIEW expected_segments_aggregated AS
SELECT segmentId,
       count(DISTINCT memberId) FILTER (WHERE memberId <> '') AS contributorCount,
       count(DISTINCT organizationId) FILTER (WHERE organizationId <> '') AS organizationCount
FROM serving_published
WHERE isContribution
GROUP BY segmentId;

SELECT * FROM expected_segments_aggregated
ORDER BY segmentId;
