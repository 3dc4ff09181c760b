-- cdc_envelopes.sql: the shared base of the expected-result queries (the oracle of SPEC §9).
--
-- Question: which lines of a CDC log does the suite accept, what typed row does each accepted line carry, and why
--           is each other line rejected?
-- Inputs:   SET VARIABLE log_dir = '/path/to/log';       -- NDJSON files laid out <log_dir>/<topic>/*.ndjson
--           SET VARIABLE max_message_bytes = 1048576;   -- optional: the parser's size limit (default 1 MiB)
--           SET TimeZone = 'UTC';                       -- recommended: TIMESTAMPTZ columns then print in UTC
--           Run it after setting log_dir (it reads the files once, into temp tables), and again after changing it.
-- Output:   no rows. It defines TEMP macros (cdc_*), tables and views for the other files of this directory,
--           which name it in a "-- requires: cdc_envelopes.sql" line (io.lambdasuite.jobs.verify.ExpectedResults
--           runs it first):
--             cdc_lines           every line of every <topic>/*.ndjson file of the five topics: topic, file, lineNo,
--                                 byteOffset, nbytes, text, blank
--             cdc_envelopes       every non-blank line: envelope verdict (envErr), table, action, version, record
--             cdc_rejected        every rejected line with its reason (a BadMessage.Reason code)
--             activity_versions   accepted activityRelations versions, one per (dedup key, version), toast resolved
--             member_versions, organization_versions, segment_versions, repository_versions: the same by id
--           From the DuckDB CLI:
--             cat cdc_envelopes.sql mv_latest.sql | duckdb -cmd "SET VARIABLE log_dir = '/tmp/log'"
-- Sample:   SELECT topic, reason, count(*) FROM cdc_rejected GROUP BY ALL;
--             activityRelations | malformed-json | 3
--
-- An independent re-implementation of io.lambdasuite.udfs.cdc.EnvelopeParser and of the version rule (SPEC §1-§2,
-- reference-schema.md §1), written to check them:
--   * Lines are cut on '\n' as the job's NdjsonFormat does (a trailing '\r' stays in the line); a line of ' ', '\t'
--     and '\r' only is no message. Files are read as BLOBs, so bytes that are not UTF-8 reject a line, not a file.
--   * The first failing check, in the parser's order, names the reason: oversized (bytes > limit), invalid-utf8 or
--     malformed-json (as Jackson tells them apart), not-an-object, missing-metadata, unknown-table
--     (metadata.table_name, any case: the table, not the topic directory, decides how a line is read),
--     unknown-action, missing-record, commit_lsn and commit_idx (wrong-type), commit_timestamp (invalid-timestamp),
--     then the record's columns in the parser's order (missing-required-field, wrong-type, invalid-timestamp,
--     unchanged-toast-in-key).
--   * JSON is read as Jackson reads it, where DuckDB differs: no trailing commas, NaN or Infinity; a byte order
--     mark skipped; the last of duplicate keys wins; lone surrogate escapes and overlong or surrogate UTF-8 bytes
--     accepted (their characters become U+FFFD here).
--   * 'unchanged_toast' in a column that is not part of the key takes the value of the previous version of the same
--     key in version order ((updatedAt, commitLsn, commitIdx) ascending), or the column's default if there is none.
--   * Lines with the same key and version are one version (a redelivery); the first line (by file name, then byte
--     offset) is kept and `copies` counts them.
-- Known differences from the Java parser, none of them in Sequin output: a line whose JSON breaks before its first
-- bad byte may be called invalid-utf8 where Jackson says malformed-json; Jackson may read a field name holding a
-- 0xFF byte as a name it has seen before (its symbol table pads names with 0xFF), accepting a line rejected here;
-- values from overlong UTF-8 or lone surrogates (U+FFFD here); nesting deeper than 1000 levels and numbers longer
-- than 1000 digits (Jackson refuses them); timestamp years outside 0000-9999; integers of more than 38 digits.

-- ---------------------------------------------------------------------------------------------- scalar helpers

-- Java's String.trim(): strips every character <= U+0020 at both ends.
CREATE OR REPLACE TEMP MACRO cdc_jtrim(s) AS regexp_replace(s, '^[\x00-\x20]+|[\x00-\x20]+$', '', 'g');

-- Epoch milliseconds as TIMESTAMPTZ, independent of the session time zone (NULL when out of DuckDB's range).
CREATE OR REPLACE TEMP MACRO cdc_ts(ms) AS try(TIMESTAMPTZ '1970-01-01 00:00:00+00' + to_milliseconds(ms));

-- Start of the UTC hour of epoch ms `ms`, plus one hour (SnapshotIds.snapshotIdOf), as epoch ms.
CREATE OR REPLACE TEMP MACRO cdc_snapshot_ms(ms) AS ms - (((ms % 3600000) + 3600000) % 3600000) + 3600000;

-- gitChangedLinesBucket (reference-schema.md §2).
CREATE OR REPLACE TEMP MACRO cdc_bucket(n) AS CASE
    WHEN n <= 0 THEN '' WHEN n < 10 THEN '1-9' WHEN n < 60 THEN '10-59' WHEN n < 100 THEN '60-99'
    WHEN n < 500 THEN '100-499' ELSE '500+' END;

-- Whether `t` is JSON that Jackson's default ObjectMapper reads: DuckDB's json_valid, minus the two extensions
-- DuckDB accepts and Jackson refuses: trailing commas and NaN / Infinity literals, looked for outside strings
-- (strings are blanked first, only in the rare text where the pattern occurs at all).
CREATE OR REPLACE TEMP MACRO cdc_re_lenient_json() AS
    ',[ \t\n\r]*[\]}]|(?:^|[:\[,])[ \t\n\r]*[-+]?(?i:nan|inf)';
CREATE OR REPLACE TEMP MACRO cdc_json_ok(t) AS
    json_valid(t)
    AND NOT (regexp_matches(t, cdc_re_lenient_json())
             AND regexp_matches(regexp_replace(t, '"(?:[^"\\]|\\.)*"', '""', 'g'), cdc_re_lenient_json()));

-- ------------------------------------------------------------------------------------------------ timestamps
-- Timestamps.parseMillis: ISO date, optional 'T' then optional ' ', HH:mm, optional :ss, optional fraction of
-- 0-9 digits (truncated to ms), up to three offset sections (+HH:MM[:ss] | +HH[mm] | +HH, or Z) that must agree;
-- no offset means UTC. Resolution is STRICT: an impossible date (2023-02-29) or time (24:00) is refused.

CREATE OR REPLACE TEMP MACRO cdc_month_days(y, m) AS CASE
    WHEN m IN (4, 6, 9, 11) THEN 30
    WHEN m = 2 THEN CASE WHEN y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0) THEN 29 ELSE 28 END
    ELSE 31 END;

-- Seconds east of UTC of one offset section; NULL when the section is absent, 999999 when out of range.
CREATE OR REPLACE TEMP MACRO cdc_offset_seconds(o) AS CASE
    WHEN o = '' THEN NULL
    WHEN upper(o) = 'Z' THEN 0
    ELSE list_transform(
        [regexp_extract(o, '^([+-])(\d{2}):?(\d{2})?:?(\d{2})?$', ['sg', 'hh', 'mm', 'ss'])],
        lambda q: list_transform(
            [{'hh': q.hh::INTEGER, 'mm': coalesce(nullif(q.mm, '')::INTEGER, 0),
              'ss': coalesce(nullif(q.ss, '')::INTEGER, 0)}],
            lambda z: CASE WHEN z.mm > 59 OR z.ss > 59 THEN 999999
                           ELSE (CASE q.sg WHEN '-' THEN -1 ELSE 1 END) * (z.hh * 3600 + z.mm * 60 + z.ss) END)[1])[1]
    END;

-- Epoch ms of timestamp text, NULL when the parser would refuse it.
CREATE OR REPLACE TEMP MACRO cdc_ts_millis(s) AS list_transform(
    [regexp_extract(cdc_jtrim(s),
        '^(\d{4})-(\d{2})-(\d{2})[Tt]? ?(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{0,9}))?'
        || '([Zz]|[+-]\d{2}:\d{2}(?::\d{2})?)?([Zz]|[+-]\d{2}(?:\d{2})?)?([Zz]|[+-]\d{2})?$',
        ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'o1', 'o2', 'o3'])],
    lambda p: CASE WHEN p.y = '' THEN NULL ELSE list_transform(
        [{'y': p.y::INTEGER, 'mo': p.mo::INTEGER, 'd': p.d::INTEGER, 'h': p.h::INTEGER, 'mi': p.mi::INTEGER,
          's': coalesce(nullif(p.s, '')::INTEGER, 0), 'f': p.f,
          'o': list_filter([cdc_offset_seconds(p.o1), cdc_offset_seconds(p.o2), cdc_offset_seconds(p.o3)],
                           lambda x: x IS NOT NULL)}],
        lambda t: CASE
            WHEN t.mo NOT BETWEEN 1 AND 12 OR t.d NOT BETWEEN 1 AND cdc_month_days(t.y, t.mo)
              OR t.h > 23 OR t.mi > 59 OR t.s > 59
              OR coalesce(list_max(t.o), 0) > 64800 OR coalesce(list_min(t.o), 0) < -64800
              OR len(list_distinct(t.o)) > 1 THEN NULL
            ELSE epoch_ms(make_timestamp(t.y, t.mo, t.d, 0, 0, 0.0))
                 + t.h * 3600000::BIGINT + t.mi * 60000 + t.s * 1000 + rpad(t.f, 3, '0')::INTEGER
                 - coalesce(t.o[1], 0) * 1000::BIGINT
            END)[1] END)[1];

-- ------------------------------------------------------------------------------------------------ JSON values
-- A JSON object with a key twice keeps the last value in Jackson and the first in DuckDB's json_extract: such an
-- object is rebuilt with the last value of each key (applied to the envelope, metadata, record and attributes).
CREATE OR REPLACE TEMP MACRO cdc_last_wins(j) AS CASE
    WHEN json_type(j) IS DISTINCT FROM 'OBJECT' OR len(json_keys(j)) = len(list_distinct(json_keys(j))) THEN j
    ELSE list_transform(
        [list_zip(json_keys(j), json_extract(j, '$.*'))],
        lambda kv: ('{' || array_to_string(list_transform(list_distinct(json_keys(j)),
            lambda k: to_json(k) || ':' || list_filter(kv, lambda e: e[1] = k)[-1][2]), ',') || '}')::JSON)[1]
    END;

-- `v` is one JSON value taken out of a record with json_extract: SQL NULL when the key is missing.

CREATE OR REPLACE TEMP MACRO cdc_absent(v) AS v IS NULL OR json_type(v) = 'NULL';
CREATE OR REPLACE TEMP MACRO cdc_str(v) AS json_extract_string(v, '$');
CREATE OR REPLACE TEMP MACRO cdc_is_toast(v) AS
    coalesce(json_type(v) = 'VARCHAR' AND cdc_str(v) = 'unchanged_toast', false);
-- An integral JSON number (Jackson's isIntegralNumber: no fraction, no exponent, any length).
CREATE OR REPLACE TEMP MACRO cdc_is_integral(v) AS
    coalesce(json_type(v) IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND regexp_full_match(v::VARCHAR, '-?[0-9]+'), false);
-- Jackson's asLong() of an integral number: its low 64 bits, two's complement.
CREATE OR REPLACE TEMP MACRO cdc_as_long(v) AS list_transform(
    [(((TRY_CAST(v::VARCHAR AS HUGEINT) % 18446744073709551616) + 18446744073709551616) % 18446744073709551616)],
    lambda u: CASE WHEN u >= 9223372036854775808 THEN u - 18446744073709551616 ELSE u END::BIGINT)[1];

-- One parsed column: the first error (a BadMessage reason code) or NULL, whether it is 'unchanged_toast', its value.
CREATE OR REPLACE TEMP MACRO cdc_f(err, toast, val) AS {'err': err::VARCHAR, 'toast': toast::BOOLEAN, 'val': val};

-- requiredString / optionalString: strings only; 'unchanged_toast' refused in key columns (is_key).
CREATE OR REPLACE TEMP MACRO cdc_req_string(v, is_key) AS CASE
    WHEN cdc_absent(v) THEN cdc_f('missing-required-field', false, NULL::VARCHAR)
    WHEN json_type(v) <> 'VARCHAR' THEN cdc_f('wrong-type', false, NULL::VARCHAR)
    WHEN cdc_str(v) = 'unchanged_toast' THEN
        CASE WHEN is_key THEN cdc_f('unchanged-toast-in-key', false, NULL::VARCHAR)
             ELSE cdc_f(NULL, true, NULL::VARCHAR) END
    ELSE cdc_f(NULL, false, cdc_str(v)) END;
CREATE OR REPLACE TEMP MACRO cdc_opt_string(v, is_key) AS CASE
    WHEN cdc_absent(v) THEN cdc_f(NULL, false, '') ELSE cdc_req_string(v, is_key) END;

-- timestampValue: an integral number is epoch ms; text goes through cdc_ts_millis; anything else is refused.
CREATE OR REPLACE TEMP MACRO cdc_timestamp_value(v) AS CASE
    WHEN cdc_is_integral(v) THEN cdc_f(NULL, false, cdc_as_long(v))
    WHEN json_type(v) = 'VARCHAR' THEN list_transform([cdc_ts_millis(cdc_str(v))], lambda ms: CASE
        WHEN ms IS NULL THEN cdc_f('invalid-timestamp', false, NULL::BIGINT) ELSE cdc_f(NULL, false, ms) END)[1]
    ELSE cdc_f('invalid-timestamp', false, NULL::BIGINT) END;
CREATE OR REPLACE TEMP MACRO cdc_req_ts(v, is_key) AS CASE
    WHEN cdc_absent(v) THEN cdc_f('missing-required-field', false, NULL::BIGINT)
    WHEN cdc_is_toast(v) THEN
        CASE WHEN is_key THEN cdc_f('unchanged-toast-in-key', false, NULL::BIGINT)
             ELSE cdc_f(NULL, true, NULL::BIGINT) END
    ELSE cdc_timestamp_value(v) END;
-- A nullable timestamp column (repositories.deletedAt): absent is NULL, toast allowed.
CREATE OR REPLACE TEMP MACRO cdc_opt_ts(v) AS CASE
    WHEN cdc_absent(v) THEN cdc_f(NULL, false, NULL::BIGINT)
    WHEN cdc_is_toast(v) THEN cdc_f(NULL, true, NULL::BIGINT)
    ELSE cdc_timestamp_value(v) END;

-- integerValue: an integral number, a number with an integral value (5.0, 1e2) or text Long.parseLong accepts
-- (after trim); then the range [lo, hi]. NULL when refused (wrong-type).
CREATE OR REPLACE TEMP MACRO cdc_int_value(v, lo, hi) AS list_transform(
    [CASE
        WHEN cdc_is_integral(v) THEN TRY_CAST(v::VARCHAR AS HUGEINT)
        WHEN json_type(v) = 'DOUBLE' THEN
            CASE WHEN v::DOUBLE = trunc(v::DOUBLE) AND v::DOUBLE BETWEEN lo AND hi THEN v::DOUBLE::HUGEINT END
        WHEN json_type(v) = 'VARCHAR' AND regexp_full_match(cdc_jtrim(cdc_str(v)), '[+-]?[0-9]{1,30}')
            THEN cdc_jtrim(cdc_str(v))::HUGEINT
        END],
    lambda x: CASE WHEN x BETWEEN lo AND hi THEN x::BIGINT END)[1];
CREATE OR REPLACE TEMP MACRO cdc_opt_int(v, dflt, lo, hi) AS CASE
    WHEN cdc_absent(v) THEN cdc_f(NULL, false, dflt::BIGINT)
    WHEN cdc_is_toast(v) THEN cdc_f(NULL, true, NULL::BIGINT)
    ELSE list_transform([cdc_int_value(v, lo, hi)], lambda x: CASE
        WHEN x IS NULL THEN cdc_f('wrong-type', false, NULL::BIGINT) ELSE cdc_f(NULL, false, x) END)[1]
    END;

-- booleanValue: a JSON boolean or the text true/false in any case; absent takes the default.
CREATE OR REPLACE TEMP MACRO cdc_bool_value(v, dflt) AS CASE
    WHEN cdc_absent(v) THEN dflt::BOOLEAN
    WHEN json_type(v) = 'BOOLEAN' THEN v::BOOLEAN
    WHEN json_type(v) = 'VARCHAR' AND lower(cdc_str(v)) = 'true' THEN true
    WHEN json_type(v) = 'VARCHAR' AND lower(cdc_str(v)) = 'false' THEN false
    END;
CREATE OR REPLACE TEMP MACRO cdc_opt_bool(v, dflt) AS CASE
    WHEN cdc_is_toast(v) THEN cdc_f(NULL, true, NULL::BOOLEAN)
    ELSE list_transform([cdc_bool_value(v, dflt)], lambda b: CASE
        WHEN b IS NULL THEN cdc_f('wrong-type', false, NULL::BOOLEAN) ELSE cdc_f(NULL, false, b) END)[1]
    END;

-- Long.parseLong(s, 16) for at most 16 hex digits with an optional sign; NULL when refused.
CREATE OR REPLACE TEMP MACRO cdc_hex_long(s) AS CASE
    WHEN regexp_full_match(s, '[+-]?[0-9A-Fa-f]{1,16}') THEN list_transform(
        [(CASE WHEN starts_with(s, '-') THEN -1 ELSE 1 END)
         * TRY_CAST('0x' || ltrim(s, '+-') AS UBIGINT)::HUGEINT],
        lambda x: CASE WHEN x BETWEEN -9223372036854775808 AND 9223372036854775807 THEN x END)[1]
    END;

-- commit_lsn: an integer (that fits a long), a numeric string, or Postgres 'X/Y' hex with 0 <= X < 2^31 and
-- 0 <= Y < 2^32, i.e. (X << 32) | Y; missing is 0. The value, or NULL when refused (wrong-type).
CREATE OR REPLACE TEMP MACRO cdc_lsn_value(v) AS CASE
    WHEN cdc_absent(v) THEN 0::BIGINT
    WHEN cdc_is_integral(v) THEN
        CASE WHEN TRY_CAST(v::VARCHAR AS HUGEINT) BETWEEN -9223372036854775808 AND 9223372036854775807
            THEN v::VARCHAR::BIGINT END
    WHEN json_type(v) = 'VARCHAR' THEN list_transform([cdc_jtrim(cdc_str(v))], lambda s: CASE
        WHEN instr(s, '/') > 1 THEN list_transform(
            [{'hi': cdc_hex_long(s[1:instr(s, '/') - 1]), 'lo': cdc_hex_long(s[instr(s, '/') + 1:])}],
            lambda p: CASE WHEN p.hi BETWEEN 0 AND 2147483647 AND p.lo BETWEEN 0 AND 4294967295
                           THEN (p.hi * 4294967296 + p.lo)::BIGINT END)[1]
        WHEN regexp_full_match(s, '[+-]?[0-9]{1,30}') THEN
            CASE WHEN s::HUGEINT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN s::HUGEINT::BIGINT END
        END)[1]
    END;

-- The text Jackson parses, as DuckDB can: a UTF-8 byte order mark at the start is skipped, and an escaped lone
-- surrogate ("\ud800" without its pair), which Jackson takes and DuckDB refuses, becomes "\ufffd". Escape pairs
-- and valid surrogate pairs are matched first, so that "\\ud800" stays text; they are marked with U+E000 in a
-- first pass (a lone surrogate becomes the bare mark), the marks after them are dropped, the others replaced.
CREATE OR REPLACE TEMP MACRO cdc_re_escape_pair() AS
    '(\\[^u]|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})';
CREATE OR REPLACE TEMP MACRO cdc_jackson_text(text) AS list_transform(
    [CASE WHEN starts_with(text, chr(65279)) THEN substr(text, 2) ELSE text END],
    lambda t: CASE
        WHEN NOT regexp_matches(t, '\\u[dD][89a-fA-F]') THEN t
        ELSE replace(
            regexp_replace(
                regexp_replace(t, cdc_re_escape_pair() || '|\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\1' || chr(57344), 'g'),
                cdc_re_escape_pair() || chr(57344), '\1', 'g'),
            chr(57344), '\ufffd')
        END)[1];

-- ------------------------------------------------------------------------------------------------ lines
-- A line is handled in DuckDB's escaped form of a BLOB cast to VARCHAR: every byte outside printable ASCII, and
-- '"' and '\', is written as the 4-character token \xHH, every other byte as itself.

-- Jackson decodes UTF-8 leniently: overlong forms, surrogates and code points past U+10FFFF pass (as odd
-- characters), where DuckDB refuses the whole text. Such sequences become U+FFFD here, so that the line is
-- accepted or refused as Jackson would (the odd characters themselves are not reproduced).
CREATE OR REPLACE TEMP MACRO cdc_lenient_utf8(escaped) AS regexp_replace(escaped,
    '\\xC[01]\\x[89AB][0-9A-F]'
    || '|\\xE0\\x[89][0-9A-F]\\x[89AB][0-9A-F]|\\xED\\x[AB][0-9A-F]\\x[89AB][0-9A-F]'
    || '|\\xF0\\x8[0-9A-F](?:\\x[89AB][0-9A-F]){2}|\\xF4\\x[9AB][0-9A-F](?:\\x[89AB][0-9A-F]){2}'
    || '|\\xF[5-7](?:\\x[89AB][0-9A-F]){3}',
    '\\xEF\\xBF\\xBD', 'g');

-- Regular expressions over that form (constant, so DuckDB folds them): one UTF-8 sequence of 2-4 bytes as Jackson
-- decodes it; one ASCII byte that may stand in a string (not a control character, '"' or '\'), or outside one
-- (the same plus tab and CR); one byte other than '"'; a JSON escape; one string character.
CREATE OR REPLACE TEMP MACRO cdc_re_multibyte() AS
    '\\x[CD][0-9A-F]\\x[89AB][0-9A-F]|\\xE[0-9A-F](?:\\x[89AB][0-9A-F]){2}|\\xF[0-7](?:\\x[89AB][0-9A-F]){3}';
CREATE OR REPLACE TEMP MACRO cdc_re_plain() AS '\\x(?:27|7F)|[^\\]';
CREATE OR REPLACE TEMP MACRO cdc_re_plain_outside() AS '\\x(?:09|0D|27|7F)|[^\\]';
CREATE OR REPLACE TEMP MACRO cdc_re_not_quote() AS '\\x(?:[013-9A-F][0-9A-F]|2[013-9A-F])|[^\\]';
CREATE OR REPLACE TEMP MACRO cdc_re_escape() AS '\\x5C(?:\\x22|\\x5C|[/bfnrt]|u[0-9A-Fa-f]{4})';
CREATE OR REPLACE TEMP MACRO cdc_re_string_char() AS
    cdc_re_escape() || '|' || cdc_re_plain() || '|' || cdc_re_multibyte();

-- Why Jackson refuses a line with bytes that are not UTF-8, or any non-ASCII byte outside strings, judged at the
-- first such byte (the structure before it is taken as sound). Jackson reports invalid-utf8 when it decodes a
-- bad sequence: in a string; where a field name should start; while it reads the rest of an unknown token for its
-- error message (a letter-like Latin-1 byte where a value should start, or a byte inside true/false/null); or
-- right after true/false/null (it decodes the byte it holds as the next one, which always fails). Anywhere else
-- the byte is an unexpected character, and a sequence cut short by the end of the line is an unexpected end of
-- input: malformed-json. A field name is read up to its closing quote before it is decoded.

-- Continuation bytes the lead byte at the start of `rest` asks for (0: it cannot start a sequence).
CREATE OR REPLACE TEMP MACRO cdc_need(rest) AS CASE
    WHEN regexp_matches(rest, '^\\x[CD]') THEN 1 WHEN regexp_matches(rest, '^\\xE') THEN 2
    WHEN regexp_matches(rest, '^\\xF[0-7]') THEN 3 ELSE 0 END;
-- The sequence at the start of `rest` runs into the end of the line.
CREATE OR REPLACE TEMP MACRO cdc_cut_short(rest) AS
    regexp_full_match(rest[5:], '(?:\\x[89AB][0-9A-F])*') AND length(rest[5:]) // 4 < cdc_need(rest);
-- Jackson reads an unknown token on from `rest` for its message: identifier characters, decoded one by one.
CREATE OR REPLACE TEMP MACRO cdc_token_reason(rest) AS list_transform(
    [regexp_extract(rest, '^(?:[A-Za-z0-9_$]|\\x0[0-8EF]|\\x1[0-9AB]|\\x7F|' || cdc_re_multibyte() || ')*(.*)$', 1)],
    lambda after: CASE WHEN regexp_matches(after, '^\\x[89A-F]') AND NOT cdc_cut_short(after) THEN 'invalid-utf8'
                       ELSE 'malformed-json' END)[1];
CREATE OR REPLACE TEMP MACRO cdc_encoding_reason(escaped) AS list_transform(
    -- `before`: sound strings and plain bytes (a byte order mark at the start is skipped); `rest`: from the first
    -- string that is not sound or the first non-ASCII byte outside strings
    [regexp_extract(CASE WHEN starts_with(escaped, '\xEF\xBB\xBF') THEN escaped[13:] ELSE escaped END,
                    '^((?:\\x22(?:' || cdc_re_string_char() || ')*\\x22|' || cdc_re_plain_outside() || ')*)(.*)$',
                    ['before', 'rest'])],
    lambda x: list_transform(
        [{'trimmed': regexp_replace(x.before, '(?: |\\x09|\\x0D)+$', ''),
          'spaced': regexp_matches(x.before, '(?: |\\x09|\\x0D)$'),
          -- the root value is complete: its brackets, strings aside, are balanced
          'rootDone': list_transform(
              [regexp_replace(x.before, '\\x22(?:' || cdc_re_string_char() || ')*\\x22', '', 'g')],
              lambda t: regexp_matches(t, '[{[]')
                        AND length(regexp_replace(t, '[^{[]', '', 'g'))
                            = length(regexp_replace(t, '[^]}]', '', 'g')))[1]}],
        lambda b: CASE
            -- a UTF-16 byte order mark (in a line of 4 bytes or more): Jackson reads the line as UTF-16
            WHEN regexp_matches(escaped, '^(?:\\xFE\\xFF|\\xFF\\xFE)') AND octet_length(escaped::BLOB) >= 4
                THEN 'malformed-json'
            WHEN starts_with(x.rest, '\x22') THEN list_transform(
                [regexp_extract(x.rest[5:], '^(?:' || cdc_re_string_char() || ')*(.*)$', 1)],
                lambda bad: CASE
                    -- no bad byte in it: the string has no end, or a bad escape
                    WHEN NOT regexp_matches(bad, '^\\x[89A-F]') THEN 'malformed-json'
                    -- a field name: no closing quote, or too few bytes before it, is an end of input
                    WHEN right(b.trimmed, 1) IN ('{', ',') THEN
                        CASE WHEN NOT regexp_matches(bad[5:], '\\x22')
                               OR cdc_need(bad) > length(regexp_replace(
                                      regexp_extract(bad[5:], '^((?:' || cdc_re_not_quote() || ')*)', 1),
                                      '\\x[0-9A-F]{2}', '.', 'g')) THEN 'malformed-json'
                             ELSE 'invalid-utf8' END
                    WHEN cdc_cut_short(bad) THEN 'malformed-json'
                    ELSE 'invalid-utf8' END)[1]
            WHEN NOT regexp_matches(x.rest, '^\\x[89A-F]') THEN 'malformed-json'
            -- where a field name should start, the character is decoded
            WHEN right(b.trimmed, 1) IN ('{', ',') AND NOT b.rootDone THEN
                CASE WHEN regexp_matches(x.rest, '^(?:' || cdc_re_multibyte() || ')') OR cdc_cut_short(x.rest)
                     THEN 'malformed-json' ELSE 'invalid-utf8' END
            -- where a value should start, a letter-like byte begins an unknown token, read on from the next byte
            WHEN right(b.trimmed, 1) IN (':', '[', '') OR b.rootDone THEN
                CASE WHEN regexp_matches(x.rest, '^\\x(?:A[2-5A]|B[5A]|C[0-9A-F]|D[0-689A-F]|E[0-9A-F]|F[0-689A-F])')
                     THEN cdc_token_reason(x.rest[5:]) ELSE 'malformed-json' END
            WHEN b.spaced THEN 'malformed-json'
            WHEN regexp_matches(x.before, '(?:true|false|null)$') THEN 'invalid-utf8'
            -- inside true / false / null: the token is read on from this byte
            WHEN regexp_matches(x.before, '[a-z]$') THEN cdc_token_reason(x.rest)
            ELSE 'malformed-json'
        END)[1])[1];

CREATE OR REPLACE TEMP TABLE cdc_lines AS
WITH files AS (
    -- Read as BLOB: read_text would refuse a whole file over one non-UTF-8 line. Casting a BLOB to VARCHAR writes
    -- every byte outside printable ASCII (and '"', '\') as \xHH, so splitting the text on '\x0A' splits the bytes
    -- on '\n', and casting each piece back to BLOB restores its exact bytes.
    SELECT filename AS file,
           regexp_extract(filename, '([^/\\]+)[/\\][^/\\]+$', 1) AS topic,
           string_split(content::VARCHAR, '\x0A') AS pieces
    FROM read_blob(getvariable('log_dir') || '/*/*.ndjson')
),
lines AS MATERIALIZED (
    -- two unnests in one SELECT advance together (a lateral unnest ... WITH ORDINALITY copies the file per line)
    SELECT topic, file, unnest(range(1, len(pieces) + 1)) AS lineNo, unnest(pieces) AS escaped
    FROM files
    WHERE topic IN ('activityRelations', 'members', 'organizations', 'segments', 'repositories')
),
decoded AS MATERIALIZED (
    SELECT topic, file, lineNo, escaped, octet_length(escaped::BLOB) AS nbytes, try(decode(escaped::BLOB)) AS utf8
    FROM lines
),
texts AS MATERIALIZED (
    SELECT topic, file, lineNo, nbytes,
           coalesce(utf8, try(decode(cdc_lenient_utf8(escaped)::BLOB))) AS text,
           -- the escaped form is kept where the bytes are not (strict) UTF-8; else it is encode(text)
           CASE WHEN utf8 IS NULL THEN escaped END AS escaped
    FROM decoded
)
SELECT topic, file, lineNo,
       coalesce(sum(nbytes + 1) OVER (PARTITION BY file ORDER BY lineNo
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::BIGINT AS byteOffset,
       nbytes,
       text,
       coalesce(regexp_full_match(text, '[ \t\r]*'), false) AS blank,
       escaped
FROM texts;

-- ------------------------------------------------------------------------------------------------ envelopes

CREATE OR REPLACE TEMP TABLE cdc_envelopes AS
WITH j AS MATERIALIZED (
    SELECT topic, file, lineNo, byteOffset, nbytes, text, escaped, jtext,
           NOT oversized AND jtext IS NOT NULL AND cdc_json_ok(jtext) AS jsonOk, oversized
    FROM (SELECT *, cdc_jackson_text(text) AS jtext,
                 nbytes > coalesce(getvariable('max_message_bytes'), 1048576) AS oversized
          FROM cdc_lines
          WHERE NOT blank)
),
e AS MATERIALIZED (
    SELECT topic, file, lineNo, byteOffset, nbytes, text, escaped, jsonOk, oversized,
           CASE WHEN jsonOk THEN json_type(jtext) END AS rootType,
           CASE
               WHEN NOT jsonOk THEN NULL
               -- one parse for the common case; objects with a key twice are rebuilt first (cdc_last_wins)
               WHEN list_bool_or(list_transform(json_keys(jtext, ['$', '$.metadata', '$.record']),
                                                lambda k: len(k) <> len(list_distinct(k)))) THEN list_transform(
                   [cdc_last_wins(jtext::JSON)],
                   lambda root: list_transform(
                       [cdc_last_wins(json_extract(root, '$.metadata'))],
                       lambda md: [md, json_extract(md, '$.table_name'), json_extract(root, '$.action'),
                                   cdc_last_wins(json_extract(root, '$.record')), json_extract(md, '$.commit_lsn'),
                                   json_extract(md, '$.commit_idx'), json_extract(md, '$.commit_timestamp')])[1])[1]
               ELSE json_extract(jtext, ['$.metadata', '$.metadata.table_name', '$.action', '$.record',
                                         '$.metadata.commit_lsn', '$.metadata.commit_idx',
                                         '$.metadata.commit_timestamp'])
           END AS ev
    FROM j
),
m AS MATERIALIZED (
    SELECT topic, file, lineNo, byteOffset, nbytes, text, escaped, jsonOk, oversized, rootType,
           json_type(ev[1]) AS metadataType,
           CASE WHEN json_type(ev[2]) = 'VARCHAR' THEN CASE lower(cdc_str(ev[2]))
               WHEN 'activityrelations' THEN 'activityRelations' WHEN 'members' THEN 'members'
               WHEN 'organizations' THEN 'organizations' WHEN 'segments' THEN 'segments'
               WHEN 'repositories' THEN 'repositories' END END AS tableName,
           CASE WHEN json_type(ev[3]) = 'VARCHAR' AND lower(cdc_str(ev[3])) IN ('insert', 'update', 'delete', 'read')
               THEN lower(cdc_str(ev[3])) END AS action,
           ev[4] AS record,
           cdc_lsn_value(ev[5])::BIGINT AS commitLsn,
           CASE WHEN cdc_absent(ev[6]) THEN 0
                ELSE cdc_int_value(ev[6], -2147483648, 2147483647) END::INTEGER AS commitIdx,
           CASE WHEN cdc_absent(ev[7]) THEN NULL ELSE cdc_timestamp_value(ev[7]).err END AS commitTsErr
    FROM e
)
SELECT topic, file, lineNo, byteOffset, nbytes, tableName, action, action = 'delete' AS isDeleted, record,
       commitLsn, commitIdx,
       CASE
           WHEN oversized THEN 'oversized'
           WHEN NOT jsonOk THEN list_transform([coalesce(escaped, encode(text)::VARCHAR)], lambda esc: CASE
               WHEN regexp_matches(esc, '\\x[89A-F]') THEN cdc_encoding_reason(esc) ELSE 'malformed-json' END)[1]
           WHEN rootType <> 'OBJECT' THEN 'not-an-object'
           WHEN metadataType IS DISTINCT FROM 'OBJECT' THEN 'missing-metadata'
           WHEN tableName IS NULL THEN 'unknown-table'
           WHEN action IS NULL THEN 'unknown-action'
           WHEN json_type(record) IS DISTINCT FROM 'OBJECT' THEN 'missing-record'
           WHEN commitLsn IS NULL THEN 'wrong-type'
           WHEN commitIdx IS NULL THEN 'wrong-type'
           WHEN commitTsErr IS NOT NULL THEN commitTsErr
       END AS envErr
FROM m;

-- ------------------------------------------------------------------------------------------------ records
-- One view per table: each column parsed as cdc_f structs, in the parser's order, `err` the first error.

CREATE OR REPLACE TEMP TABLE cdc_activity_fields AS
WITH r AS (
    SELECT *, json_extract(record, ['$.segmentId', '$.timestamp', '$.type', '$.platform', '$.channel', '$.sourceId',
               '$.updatedAt', '$.activityId', '$.createdAt', '$.memberId', '$.username', '$.conversationId',
               '$.objectMemberId', '$.objectMemberUsername', '$.organizationId', '$.parentId', '$.sourceParentId',
               '$.sentimentScore', '$.gitInsertions', '$.gitDeletions', '$.score', '$.isContribution',
               '$.pullRequestReviewState']) AS rv
    FROM cdc_envelopes
    WHERE envErr IS NULL AND tableName = 'activityRelations'
),
f AS (
    SELECT *,
           cdc_req_string(rv[1], true) AS segmentId_, cdc_req_ts(rv[2], true) AS timestamp_,
           cdc_req_string(rv[3], true) AS type_, cdc_req_string(rv[4], true) AS platform_,
           cdc_opt_string(rv[5], true) AS channel_, cdc_req_string(rv[6], true) AS sourceId_,
           cdc_req_ts(rv[7], true) AS updatedAt_,
           cdc_req_string(rv[8], false) AS activityId_, cdc_req_ts(rv[9], false) AS createdAt_,
           cdc_req_string(rv[10], false) AS memberId_, cdc_req_string(rv[11], false) AS username_,
           cdc_opt_string(rv[12], false) AS conversationId_, cdc_opt_string(rv[13], false) AS objectMemberId_,
           cdc_opt_string(rv[14], false) AS objectMemberUsername_, cdc_opt_string(rv[15], false) AS organizationId_,
           cdc_opt_string(rv[16], false) AS parentId_, cdc_opt_string(rv[17], false) AS sourceParentId_,
           cdc_opt_int(rv[18], -1, -128, 127) AS sentimentScore_,
           cdc_opt_int(rv[19], 0, 0, 4294967295) AS gitInsertions_,
           cdc_opt_int(rv[20], 0, 0, 4294967295) AS gitDeletions_,
           cdc_opt_int(rv[21], -1, -128, 127) AS score_,
           cdc_opt_bool(rv[22], false) AS isContribution_,
           cdc_opt_string(rv[23], false) AS pullRequestReviewState_
    FROM r
)
SELECT *,
       coalesce(segmentId_.err, timestamp_.err, type_.err, platform_.err, channel_.err, sourceId_.err,
                updatedAt_.err, activityId_.err, createdAt_.err, memberId_.err, username_.err, conversationId_.err,
                objectMemberId_.err, objectMemberUsername_.err, organizationId_.err, parentId_.err,
                sourceParentId_.err, sentimentScore_.err, gitInsertions_.err, gitDeletions_.err, score_.err,
                isContribution_.err, pullRequestReviewState_.err) AS err
FROM f;

CREATE OR REPLACE TEMP TABLE cdc_member_fields AS
WITH r AS (
    SELECT *, json_extract(record, ['$.id', '$.updatedAt', '$.displayName', '$.attributes']) AS rv
    FROM cdc_envelopes
    WHERE envErr IS NULL AND tableName = 'members'
),
a AS (
    -- attributes: a JSON object, or text holding JSON (an object or null), or 'unchanged_toast'
    SELECT *,
           cdc_is_toast(rv[4]) AS attributesToast,
           CASE
               WHEN cdc_absent(rv[4]) OR cdc_is_toast(rv[4]) THEN NULL
               WHEN json_type(rv[4]) = 'VARCHAR' THEN
                   CASE WHEN cdc_json_ok(cdc_str(rv[4])) THEN cdc_last_wins(cdc_str(rv[4])::JSON) END
               ELSE cdc_last_wins(rv[4])
           END AS attrs,
           CASE
               WHEN cdc_absent(rv[4]) OR cdc_is_toast(rv[4]) THEN NULL
               WHEN json_type(rv[4]) = 'VARCHAR' AND NOT cdc_json_ok(cdc_str(rv[4])) THEN 'wrong-type'
           END AS attrsTextErr
    FROM r
),
v AS (
    SELECT *,
           coalesce(json_type(attrs) = 'OBJECT', false) AS attrsObject,
           -- attributes.<flag>: the object's "default", or the value itself when it is not an object
           list_transform(json_extract(attrs, ['$.isBot', '$.isTeamMember', '$.isOrganization']),
                          lambda x: CASE WHEN json_type(x) = 'OBJECT' THEN json_extract(cdc_last_wins(x), '$.default')
                                         ELSE x END) AS flagValues
    FROM a
),
f AS (
    SELECT *,
           cdc_req_string(rv[1], true) AS id_, cdc_req_ts(rv[2], true) AS updatedAt_,
           cdc_opt_string(rv[3], false) AS displayName_,
           -- NULL: not a boolean (wrong-type)
           CASE WHEN attrsObject THEN cdc_bool_value(flagValues[1], false) ELSE false END AS isBot,
           CASE WHEN attrsObject THEN cdc_bool_value(flagValues[2], false) ELSE false END AS isTeamMember,
           CASE WHEN attrsObject THEN cdc_bool_value(flagValues[3], false) ELSE false END AS isOrganization
    FROM v
)
SELECT *,
       coalesce(id_.err, updatedAt_.err, displayName_.err, attrsTextErr,
                CASE WHEN attrs IS NOT NULL AND json_type(attrs) NOT IN ('NULL', 'OBJECT') THEN 'wrong-type' END,
                CASE WHEN isBot IS NULL OR isTeamMember IS NULL OR isOrganization IS NULL THEN 'wrong-type' END) AS err
FROM f;

CREATE OR REPLACE TEMP TABLE cdc_organization_fields AS
WITH r AS (
    SELECT *, json_extract(record, ['$.id', '$.updatedAt', '$.displayName', '$.country', '$.location']) AS rv
    FROM cdc_envelopes
    WHERE envErr IS NULL AND tableName = 'organizations'
),
f AS (
    SELECT *,
           cdc_req_string(rv[1], true) AS id_, cdc_req_ts(rv[2], true) AS updatedAt_,
           cdc_opt_string(rv[3], false) AS displayName_, cdc_opt_string(rv[4], false) AS country_,
           cdc_opt_string(rv[5], false) AS location_
    FROM r
)
SELECT *, coalesce(id_.err, updatedAt_.err, displayName_.err, country_.err, location_.err) AS err
FROM f;

CREATE OR REPLACE TEMP TABLE cdc_segment_fields AS
WITH r AS (
    SELECT *, json_extract(record, ['$.id', '$.updatedAt', '$.slug', '$.name', '$.status', '$.parentId',
                                    '$.grandparentId']) AS rv
    FROM cdc_envelopes
    WHERE envErr IS NULL AND tableName = 'segments'
),
f AS (
    SELECT *,
           cdc_req_string(rv[1], true) AS id_, cdc_req_ts(rv[2], true) AS updatedAt_,
           cdc_opt_string(rv[3], false) AS slug_, cdc_opt_string(rv[4], false) AS name_,
           cdc_opt_string(rv[5], false) AS status_, cdc_opt_string(rv[6], false) AS parentId_,
           cdc_opt_string(rv[7], false) AS grandparentId_
    FROM r
)
SELECT *, coalesce(id_.err, updatedAt_.err, slug_.err, name_.err, status_.err, parentId_.err, grandparentId_.err) AS err
FROM f;

CREATE OR REPLACE TEMP TABLE cdc_repository_fields AS
WITH r AS (
    SELECT *, json_extract(record, ['$.id', '$.updatedAt', '$.url', '$.segmentId', '$.enabled', '$.excluded',
                                    '$.deletedAt']) AS rv
    FROM cdc_envelopes
    WHERE envErr IS NULL AND tableName = 'repositories'
),
f AS (
    SELECT *,
           cdc_req_string(rv[1], true) AS id_, cdc_req_ts(rv[2], true) AS updatedAt_,
           cdc_opt_string(rv[3], false) AS url_, cdc_opt_string(rv[4], false) AS segmentId_,
           cdc_opt_bool(rv[5], true) AS enabled_, cdc_opt_bool(rv[6], false) AS excluded_,
           cdc_opt_ts(rv[7]) AS deletedAt_
    FROM r
)
SELECT *,
       coalesce(id_.err, updatedAt_.err, url_.err, segmentId_.err, enabled_.err, excluded_.err, deletedAt_.err) AS err
FROM f;

-- ------------------------------------------------------------------------------------------------ rejects

CREATE OR REPLACE TEMP VIEW cdc_rejected AS
SELECT topic, file, lineNo, byteOffset, nbytes, envErr AS reason FROM cdc_envelopes WHERE envErr IS NOT NULL
UNION ALL SELECT topic, file, lineNo, byteOffset, nbytes, err FROM cdc_activity_fields WHERE err IS NOT NULL
UNION ALL SELECT topic, file, lineNo, byteOffset, nbytes, err FROM cdc_member_fields WHERE err IS NOT NULL
UNION ALL SELECT topic, file, lineNo, byteOffset, nbytes, err FROM cdc_organization_fields WHERE err IS NOT NULL
UNION ALL SELECT topic, file, lineNo, byteOffset, nbytes, err FROM cdc_segment_fields WHERE err IS NOT NULL
UNION ALL SELECT topic, file, lineNo, byteOffset, nbytes, err FROM cdc_repository_fields WHERE err IS NOT NULL;

-- ------------------------------------------------------------------------------------------------ versions
-- Accepted lines, one row per (key, version): the first line of a redelivered version is kept (`copies` counts
-- the lines). A toasted column takes the last value that was not toasted among the versions of the same key up
-- to this one, in version order, else the column's default. `updatedAtMs` is there to order versions exactly.

-- A parsed column's value boxed in a struct, NULL when it arrived as 'unchanged_toast' (for last_value ... IGNORE
-- NULLS); the box makes a NULL value (repositories.deletedAt) a known value too.
CREATE OR REPLACE TEMP MACRO cdc_known(f) AS CASE WHEN NOT f.toast THEN {'v': f.val} END;

CREATE OR REPLACE TEMP VIEW activity_versions AS
WITH ok AS (
    SELECT *,
           count(*) OVER version AS copies,
           row_number() OVER (version ORDER BY file, byteOffset) AS copyNo
    FROM cdc_activity_fields
    WHERE err IS NULL
    WINDOW version AS (PARTITION BY segmentId_.val, timestamp_.val, type_.val, platform_.val, channel_.val,
                                    sourceId_.val, updatedAt_.val, commitLsn, commitIdx)
),
resolved AS (
    SELECT *,
           coalesce((last_value(cdc_known(activityId_) IGNORE NULLS) OVER w).v, '') AS activityId,
           coalesce((last_value(cdc_known(conversationId_) IGNORE NULLS) OVER w).v, '') AS conversationId,
           coalesce((last_value(cdc_known(createdAt_) IGNORE NULLS) OVER w).v, 0) AS createdAtMs,
           coalesce((last_value(cdc_known(memberId_) IGNORE NULLS) OVER w).v, '') AS memberId,
           coalesce((last_value(cdc_known(objectMemberId_) IGNORE NULLS) OVER w).v, '') AS objectMemberId,
           coalesce((last_value(cdc_known(objectMemberUsername_) IGNORE NULLS) OVER w).v, '') AS objectMemberUsername,
           coalesce((last_value(cdc_known(organizationId_) IGNORE NULLS) OVER w).v, '') AS organizationId,
           coalesce((last_value(cdc_known(parentId_) IGNORE NULLS) OVER w).v, '') AS parentId,
           coalesce((last_value(cdc_known(username_) IGNORE NULLS) OVER w).v, '') AS username,
           coalesce((last_value(cdc_known(sourceParentId_) IGNORE NULLS) OVER w).v, '') AS sourceParentId,
           coalesce((last_value(cdc_known(sentimentScore_) IGNORE NULLS) OVER w).v, -1) AS sentimentScore,
           coalesce((last_value(cdc_known(gitInsertions_) IGNORE NULLS) OVER w).v, 0) AS gitInsertions,
           coalesce((last_value(cdc_known(gitDeletions_) IGNORE NULLS) OVER w).v, 0) AS gitDeletions,
           coalesce((last_value(cdc_known(score_) IGNORE NULLS) OVER w).v, -1) AS score,
           coalesce((last_value(cdc_known(isContribution_) IGNORE NULLS) OVER w).v, false) AS isContribution,
           coalesce((last_value(cdc_known(pullRequestReviewState_) IGNORE NULLS) OVER w).v, '') AS pullRequestReviewState
    FROM ok
    WHERE copyNo = 1
    WINDOW w AS (PARTITION BY segmentId_.val, timestamp_.val, type_.val, platform_.val, channel_.val, sourceId_.val
                 ORDER BY updatedAt_.val, commitLsn, commitIdx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT activityId, conversationId, cdc_ts(createdAtMs) AS createdAt, cdc_ts(updatedAt_.val) AS updatedAt, memberId,
       objectMemberId, objectMemberUsername, organizationId, parentId, platform_.val AS platform,
       segmentId_.val AS segmentId, username, sourceId_.val AS sourceId, type_.val AS type,
       cdc_ts(timestamp_.val) AS timestamp, sourceParentId, channel_.val AS channel,
       sentimentScore::INTEGER AS sentimentScore, gitInsertions::BIGINT AS gitInsertions,
       gitDeletions::BIGINT AS gitDeletions, score::INTEGER AS score, isContribution, pullRequestReviewState,
       (gitInsertions + gitDeletions)::BIGINT AS gitChangedLines,
       cdc_bucket(gitInsertions + gitDeletions) AS gitChangedLinesBucket,
       cdc_ts(cdc_snapshot_ms(updatedAt_.val)) AS snapshotId,
       commitLsn, commitIdx, isDeleted,
       action, copies, topic AS sourceTopic, file AS sourceFile, byteOffset AS sourceOffset,
       updatedAt_.val AS updatedAtMs
FROM resolved;

CREATE OR REPLACE TEMP VIEW member_versions AS
WITH ok AS (
    SELECT *, count(*) OVER version AS copies, row_number() OVER (version ORDER BY file, byteOffset) AS copyNo
    FROM cdc_member_fields
    WHERE err IS NULL
    WINDOW version AS (PARTITION BY id_.val, updatedAt_.val, commitLsn, commitIdx)
),
resolved AS (
    SELECT *,
           coalesce((last_value(cdc_known(displayName_) IGNORE NULLS) OVER w).v, '') AS displayName,
           -- a toasted attributes column keeps all three flags of the previous version
           coalesce(last_value(CASE WHEN NOT attributesToast THEN [isBot, isTeamMember, isOrganization] END
                               IGNORE NULLS) OVER w, [false, false, false]) AS flags
    FROM ok
    WHERE copyNo = 1
    WINDOW w AS (PARTITION BY id_.val ORDER BY updatedAt_.val, commitLsn, commitIdx
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT id_.val AS id, displayName, flags[1] AS isBot, flags[2] AS isTeamMember, flags[3] AS isOrganization,
       cdc_ts(updatedAt_.val) AS updatedAt, commitLsn, commitIdx, isDeleted,
       cdc_ts(cdc_snapshot_ms(updatedAt_.val)) AS snapshotId,
       action, copies, topic AS sourceTopic, file AS sourceFile, byteOffset AS sourceOffset,
       updatedAt_.val AS updatedAtMs
FROM resolved;

CREATE OR REPLACE TEMP VIEW organization_versions AS
WITH ok AS (
    SELECT *, count(*) OVER version AS copies, row_number() OVER (version ORDER BY file, byteOffset) AS copyNo
    FROM cdc_organization_fields
    WHERE err IS NULL
    WINDOW version AS (PARTITION BY id_.val, updatedAt_.val, commitLsn, commitIdx)
),
resolved AS (
    SELECT *,
           coalesce((last_value(cdc_known(displayName_) IGNORE NULLS) OVER w).v, '') AS displayName,
           coalesce((last_value(cdc_known(country_) IGNORE NULLS) OVER w).v, '') AS country,
           coalesce((last_value(cdc_known(location_) IGNORE NULLS) OVER w).v, '') AS location
    FROM ok
    WHERE copyNo = 1
    WINDOW w AS (PARTITION BY id_.val ORDER BY updatedAt_.val, commitLsn, commitIdx
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT id_.val AS id, displayName, country, location,
       cdc_ts(updatedAt_.val) AS updatedAt, commitLsn, commitIdx, isDeleted,
       cdc_ts(cdc_snapshot_ms(updatedAt_.val)) AS snapshotId,
       action, copies, topic AS sourceTopic, file AS sourceFile, byteOffset AS sourceOffset,
       updatedAt_.val AS updatedAtMs
FROM resolved;

CREATE OR REPLACE TEMP VIEW segment_versions AS
WITH ok AS (
    SELECT *, count(*) OVER version AS copies, row_number() OVER (version ORDER BY file, byteOffset) AS copyNo
    FROM cdc_segment_fields
    WHERE err IS NULL
    WINDOW version AS (PARTITION BY id_.val, updatedAt_.val, commitLsn, commitIdx)
),
resolved AS (
    SELECT *,
           coalesce((last_value(cdc_known(slug_) IGNORE NULLS) OVER w).v, '') AS slug,
           coalesce((last_value(cdc_known(name_) IGNORE NULLS) OVER w).v, '') AS name,
           coalesce((last_value(cdc_known(status_) IGNORE NULLS) OVER w).v, '') AS status,
           coalesce((last_value(cdc_known(parentId_) IGNORE NULLS) OVER w).v, '') AS parentId,
           coalesce((last_value(cdc_known(grandparentId_) IGNORE NULLS) OVER w).v, '') AS grandparentId
    FROM ok
    WHERE copyNo = 1
    WINDOW w AS (PARTITION BY id_.val ORDER BY updatedAt_.val, commitLsn, commitIdx
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT id_.val AS id, slug, name, status, parentId, grandparentId,
       cdc_ts(updatedAt_.val) AS updatedAt, commitLsn, commitIdx, isDeleted,
       cdc_ts(cdc_snapshot_ms(updatedAt_.val)) AS snapshotId,
       action, copies, topic AS sourceTopic, file AS sourceFile, byteOffset AS sourceOffset,
       updatedAt_.val AS updatedAtMs
FROM resolved;

CREATE OR REPLACE TEMP VIEW repository_versions AS
WITH ok AS (
    SELECT *, count(*) OVER version AS copies, row_number() OVER (version ORDER BY file, byteOffset) AS copyNo
    FROM cdc_repository_fields
    WHERE err IS NULL
    WINDOW version AS (PARTITION BY id_.val, updatedAt_.val, commitLsn, commitIdx)
),
resolved AS (
    SELECT *,
           coalesce((last_value(cdc_known(url_) IGNORE NULLS) OVER w).v, '') AS url,
           coalesce((last_value(cdc_known(segmentId_) IGNORE NULLS) OVER w).v, '') AS segmentId,
           coalesce((last_value(cdc_known(enabled_) IGNORE NULLS) OVER w).v, true) AS enabled,
           coalesce((last_value(cdc_known(excluded_) IGNORE NULLS) OVER w).v, false) AS excluded,
           (last_value(cdc_known(deletedAt_) IGNORE NULLS) OVER w).v AS deletedAtMs
    FROM ok
    WHERE copyNo = 1
    WINDOW w AS (PARTITION BY id_.val ORDER BY updatedAt_.val, commitLsn, commitIdx
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT id_.val AS id, url, segmentId, enabled, excluded, cdc_ts(deletedAtMs) AS deletedAt,
       cdc_ts(updatedAt_.val) AS updatedAt, commitLsn, commitIdx, isDeleted,
       cdc_ts(cdc_snapshot_ms(updatedAt_.val)) AS snapshotId,
       action, copies, topic AS sourceTopic, file AS sourceFile, byteOffset AS sourceOffset,
       updatedAt_.val AS updatedAtMs
FROM resolved;
