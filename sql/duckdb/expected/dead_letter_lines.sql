-- dead_letter_lines.sql
--
-- Question: which lines of the CDC log must end in the dead-letter output, and why?
-- Inputs:   SET VARIABLE log_dir = '<dir with <topic>/*.ndjson>';
--           SET VARIABLE max_message_bytes = 1048576;   -- optional, as the job's option (default 1 MiB)
-- requires: cdc_envelopes.sql
-- Output:   one row per rejected line: topic, file, byteOffset (the DeadLetter offset: byte offset of the line in
--           its file), lineNo (1-based), nbytes (length without the '\n') and reason (a BadMessage.Reason code).
-- Sample:
--   topic             | file                                  | byteOffset | lineNo | nbytes | reason
--   activityRelations | /tmp/log/activityRelations/p0.ndjson  | 5120       | 12     | 87     | malformed-json

SELECT topic, file, byteOffset, lineNo, nbytes, reason
FROM cdc_rejected
ORDER BY topic, file, byteOffset;
