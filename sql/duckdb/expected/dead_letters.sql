-- dead_letters.sql
--
-- Question: how many lines of the CDC log must the streaming job reject, per topic and reason?
-- Inputs:   SET VARIABLE log_dir = '<dir with <topic>/*.ndjson>';
--           SET VARIABLE max_message_bytes = 1048576;   -- optional, as the job's option (default 1 MiB)
-- requires: cdc_envelopes.sql
-- Output:   one row per (topic, reason) with rejected lines: topic is the directory of the file, reason a
--           BadMessage.Reason code (malformed-json, invalid-utf8, not-an-object, missing-metadata, unknown-table,
--           unknown-action, missing-record, missing-required-field, wrong-type, invalid-timestamp,
--           unchanged-toast-in-key, oversized), lines the count. Blank lines are no messages and are not counted.
--           The total equals the job's deadLettered metric; the split by reason follows the parser's order of
--           checks (see cdc_envelopes.sql for where it can differ).
-- Sample:
--   topic             | reason                 | lines
--   activityRelations | malformed-json         | 2
--   activityRelations | missing-required-field | 1
--   members           | wrong-type             | 1

SELECT topic, reason, count(*) AS lines
FROM cdc_rejected
GROUP BY topic, reason
ORDER BY topic, reason;
