-- serving_latest.sql
--
-- Question: what must the latest serving snapshot of activityRelations_deduplicated_cleaned hold for a CDC log,
--           after the streaming job has processed it and a merge has run? This is the invariant of SPEC §9 in full:
--           every key's newest version (SPEC §2), tombstones dropped, joined with the newest dimension versions,
--           the validity filters of reference-schema.md §3 applied, the enriched columns of §2 computed.
-- Inputs:   SET VARIABLE log_dir = '<dir with activityRelations/, members/, organizations/, segments/, repositories/>'
--           (the statements of SQL files end with ';' at a line end, so no comment line here ends with one)
-- requires: cdc_envelopes.sql
-- Output:   TEMP views, and the rows of serving_published (the last statement):
--             serving_rows       every live key (newest version not a tombstone) with its enrichment and heldReason
--                                ('' when every filter passes)
--             serving_published  the published rows: one per dedup key (segmentId, timestamp, type, platform,
--                                channel, sourceId), heldReason = ''
--             serving_held       the live rows that fail a filter, with the first failing reason (heldReason)
--             serving_members, serving_organizations, serving_segments, serving_repositories: the current live
--                                dimension rows (newest version per id, tombstones dropped) the filters use
--           Columns: the source columns of reference-schema.md §1 (toast resolved), gitChangedLines,
--           gitChangedLinesBucket, organizationName, organizationCountry, organizationLocation, snapshotId (of the
--           row's own version: start of the UTC hour of updatedAt + 1 hour), commitLsn, commitIdx
--           (+ heldReason in serving_rows and serving_held).
--   Dimensions: the newest version per id of members, organizations, segments and repositories; a dimension whose
--           newest version is a tombstone counts as absent.
--   Filters, first failing reason in this order (reference-schema.md §3, Validity.heldReason):
--             member:     member-unknown (no member, or tombstoned), member-bot, member-team, member-organization
--             repository: only for platforms git, gerrit, github, gitlab; candidates are the live repositories with
--                         lower(url) = lower(channel) and the activity's segmentId; repository-unknown when there is
--                         none, repository-disabled when none of them is enabled, not excluded and deletedAt NULL
--             segment:    segment-unknown (no segment, or tombstoned), segment-inactive (status <> 'active')
--   organizationName: the organization's displayName; '' when organizationId is empty or the organization is
--           unknown or tombstoned.
--   organizationCountryCode is NOT computed here: country matching (reference-schema.md §2) stays on the Java side,
--           so the oracle does not re-implement it. The organization's country and location are output instead, as
--           organizationCountry and organizationLocation ('' without an organization); the code of a row is
--           io.lambdasuite.udfs.rules.CountryCodes.codeOf(organizationCountry, organizationLocation) ('XX' when
--           nothing matches or there is no organization).
--   From the DuckDB CLI:
--     cat cdc_envelopes.sql serving_latest.sql | duckdb -cmd "SET VARIABLE log_dir = '/tmp/log'"
-- Sample (the log of jobs/src/test/resources/verify/serving-log, some columns):
--   sourceId | platform | organizationName | organizationCountry | organizationLocation | snapshotId             | commitLsn
--   src-24   | gerrit   | Acme GmbH        |                     | Munich, Germany      | 2024-05-01 11:00:00+00 | 340
--   src-01   | github   | Acme GmbH        |                     | Munich, Germany      | 2024-05-01 12:00:00+00 | 500
--   src-17   | github   |                  |                     |                      | 2024-05-01 11:00:00+00 | 270
--   SELECT sourceId, heldReason FROM serving_held ORDER BY sourceId
--   src-02   | member-bot
--   src-07   | repository-disabled

CREATE OR REPLACE TEMP VIEW serving_members AS
SELECT id, isBot, isTeamMember, isOrganization
FROM member_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
        AND NOT isDeleted;

CREATE OR REPLACE TEMP VIEW serving_organizations AS
SELECT id, displayName, country, location
FROM organization_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
        AND NOT isDeleted;

CREATE OR REPLACE TEMP VIEW serving_segments AS
SELECT id, status
FROM segment_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
        AND NOT isDeleted;

CREATE OR REPLACE TEMP VIEW serving_repositories AS
SELECT id, url, segmentId, enabled, excluded, deletedAt
FROM repository_versions
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
        AND NOT isDeleted;

CREATE OR REPLACE TEMP VIEW serving_rows AS
WITH latest AS (
    SELECT *
    FROM activity_versions
    QUALIFY row_number() OVER (PARTITION BY segmentId, timestamp, type, platform, channel, sourceId
                               ORDER BY updatedAtMs DESC, commitLsn DESC, commitIdx DESC) = 1
),
live AS (
    SELECT * FROM latest WHERE NOT isDeleted
),
judged AS (
    SELECT a.*,
           o.id IS NOT NULL AS orgKnown, o.displayName AS orgName, o.country AS orgCountry, o.location AS orgLocation,
           CASE
               WHEN m.id IS NULL THEN 'member-unknown'
               WHEN m.isBot THEN 'member-bot'
               WHEN m.isTeamMember THEN 'member-team'
               WHEN m.isOrganization THEN 'member-organization'
               ELSE '' END AS memberReason,
           CASE
               WHEN a.platform NOT IN ('git', 'gerrit', 'github', 'gitlab') THEN ''
               WHEN NOT EXISTS (SELECT 1 FROM serving_repositories r
                                WHERE lower(r.url) = lower(a.channel) AND r.segmentId = a.segmentId)
                   THEN 'repository-unknown'
               WHEN NOT EXISTS (SELECT 1 FROM serving_repositories r
                                WHERE lower(r.url) = lower(a.channel) AND r.segmentId = a.segmentId
                                  AND r.enabled AND NOT r.excluded AND r.deletedAt IS NULL)
                   THEN 'repository-disabled'
               ELSE '' END AS repositoryReason,
           CASE
               WHEN s.id IS NULL THEN 'segment-unknown'
               WHEN s.status <> 'active' THEN 'segment-inactive'
               ELSE '' END AS segmentReason
    FROM live a
    LEFT JOIN serving_members m ON m.id = a.memberId
    LEFT JOIN serving_organizations o ON o.id = a.organizationId AND a.organizationId <> ''
    LEFT JOIN serving_segments s ON s.id = a.segmentId
)
SELECT activityId, conversationId, createdAt, updatedAt, memberId, objectMemberId, objectMemberUsername,
       organizationId, parentId, platform, segmentId, username, sourceId, type, timestamp, sourceParentId, channel,
       sentimentScore, gitInsertions, gitDeletions, score, isContribution, pullRequestReviewState,
       gitChangedLines, gitChangedLinesBucket,
       CASE WHEN orgKnown THEN orgName ELSE '' END AS organizationName,
       CASE WHEN orgKnown THEN orgCountry ELSE '' END AS organizationCountry,
       CASE WHEN orgKnown THEN orgLocation ELSE '' END AS organizationLocation,
       snapshotId, commitLsn, commitIdx,
       CASE WHEN memberReason <> '' THEN memberReason
            WHEN repositoryReason <> '' THEN repositoryReason
            ELSE segmentReason END AS heldReason
FROM judged;

CREATE OR REPLACE TEMP VIEW serving_published AS
SELECT * EXCLUDE (heldReason) FROM serving_rows WHERE heldReason = '';

CREATE OR REPLACE TEMP VIEW serving_held AS
SELECT * FROM serving_rows WHERE heldReason <> '';

SELECT * FROM serving_published
ORDER BY segmentId, timestamp, type, platform, channel, sourceId;
