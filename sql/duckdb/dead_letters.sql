-- Dead letters by reason: what the streaming job rejected, and why.
-- Inputs: SET VARIABLE base_path = '/path/to/base';
-- Sample result:
--   reason                  | topic             | messages
--   malformed-json          | activityRelations | 12
--   missing-required-field  | activityRelations | 4
SELECT reason, topic, count(*) AS messages
FROM read_parquet(getvariable('base_path') || '/_dead_letters/*/*.parquet', hive_partitioning = true)
GROUP BY reason, topic
ORDER BY messages DESC, reason, topic;
