-- pull_requests.sql
--
-- Question: what must pull_requests_analyzed hold for a CDC log: one row per pull request, computed by the PR rule
--           of SPEC §6 / reference-schema.md §5 over the PR events of the expected serving snapshot (published rows
--           only, newest version of each, tombstones dropped)?
-- Inputs:   SET VARIABLE log_dir = '<dir with activityRelations/, members/, organizations/, segments/, repositories/>'
--           (the statements of SQL files end with ';' at a line end, so no comment line here ends with one)
-- requires: serving_latest.sql
-- Output:   TEMP views, and the rows of expected_pull_requests (the last statement):
--             expected_pr_events      the PR events of serving_published with their PR key (prKey), '' when none
--             expected_pull_requests  one row per PR key that has an opened event: the columns of
--                                     pull_requests_analyzed (Schemas.PULL_REQUEST), timestamps as TIMESTAMPTZ
--   An independent re-implementation of io.lambdasuite.udfs.rules.PullRequestRule, written to check it:
--     * PR key: the opened event's sourceId; a child's sourceParentId; for patchset_approval-created the part of
--       sourceParentId before the first '-'. Events with an empty key are ignored.
--     * Lifecycle timestamps: the earliest timestamp among the events of each role (role table of §5: an APPROVED
--       pull_request-reviewed is reviewed and approved, patchset_approval-created too, merge_request-review-approved
--       only approved); resolvedAt the earlier of closedAt and mergedAt.
--     * Attributes from the opened event, the earliest by timestamp, ties broken by activityId, then by the rest of
--       the dedup key (segmentId, type, platform, channel, sourceId).
--     * Durations: whole unix seconds of the timestamp minus whole unix seconds of openedAt (each floored first).
--     * numberOfPatchsets: distinct sourceIds of patchset-created events, NULL when none.
--     * snapshotId: start of the UTC hour of the greatest updatedAt among the PR's events, plus one hour.
--   From the DuckDB CLI:
--     cat cdc_envelopes.sql serving_latest.sql pull_requests.sql | duckdb -cmd "SET VARIABLE log_dir = '/tmp/log'"
-- Sample (some columns):
--   id     | sourceId   | openedAt               | reviewedAt             | mergedAt               | mergedInSeconds | numberOfPatchsets
--   act-41 | gh-pr-1001 | 2024-05-01 09:12:03+00 | 2024-05-01 10:40:00+00 | 2024-05-02 08:00:00+00 | 81477           | NULL
--   act-77 | 40002      | 2024-05-01 09:30:00+00 | 2024-05-01 11:00:00+00 |                        |                 | 3

CREATE OR REPLACE TEMP VIEW expected_pr_events AS
SELECT *,
       CASE
           WHEN type IN ('pull_request-opened', 'merge_request-opened', 'changeset-created') THEN sourceId
           WHEN type = 'patchset_approval-created' THEN split_part(sourceParentId, '-', 1)
           ELSE sourceParentId
       END AS prKey
FROM serving_published
WHERE type IN ('pull_request-opened', 'merge_request-opened', 'changeset-created',
               'pull_request-assigned', 'merge_request-assigned',
               'pull_request-review-requested', 'merge_request-review-requested',
               'pull_request-reviewed', 'merge_request-review-changes-requested', 'patchset_approval-created',
               'merge_request-review-approved',
               'pull_request-closed', 'merge_request-closed', 'changeset-closed', 'changeset-abandoned',
               'pull_request-merged', 'merge_request-merged', 'changeset-merged',
               'patchset-created');

CREATE OR REPLACE TEMP VIEW expected_pull_requests AS
WITH ev AS (
    SELECT * FROM expected_pr_events WHERE prKey <> ''
),
opened AS (
    SELECT *
    FROM ev
    WHERE type IN ('pull_request-opened', 'merge_request-opened', 'changeset-created')
    QUALIFY row_number() OVER (PARTITION BY prKey
                               ORDER BY timestamp, activityId, segmentId, type, platform, channel, sourceId) = 1
),
lifecycle AS (
    SELECT prKey,
           min(timestamp) FILTER (WHERE type IN ('pull_request-assigned', 'merge_request-assigned')) AS assignedAt,
           min(timestamp) FILTER (WHERE type IN ('pull_request-review-requested', 'merge_request-review-requested'))
               AS reviewRequestedAt,
           min(timestamp) FILTER (WHERE type IN ('pull_request-reviewed', 'merge_request-review-changes-requested',
                                                 'patchset_approval-created')) AS reviewedAt,
           min(timestamp) FILTER (WHERE (type = 'pull_request-reviewed' AND pullRequestReviewState = 'APPROVED')
                                     OR type IN ('merge_request-review-approved', 'patchset_approval-created'))
               AS approvedAt,
           min(timestamp) FILTER (WHERE type IN ('pull_request-closed', 'merge_request-closed', 'changeset-closed',
                                                 'changeset-abandoned')) AS closedAt,
           min(timestamp) FILTER (WHERE type IN ('pull_request-merged', 'merge_request-merged', 'changeset-merged'))
               AS mergedAt,
           count(DISTINCT sourceId) FILTER (WHERE type = 'patchset-created') AS patchsets,
           max(updatedAt) AS maxUpdatedAt
    FROM ev
    GROUP BY prKey
),
joined AS (
    SELECT o.activityId AS id, o.prKey AS sourceId, o.timestamp AS openedAt, o.segmentId, o.channel, o.memberId,
           o.organizationId, o.gitChangedLinesBucket, o.platform,
           l.assignedAt, l.reviewRequestedAt, l.reviewedAt, l.approvedAt, l.closedAt, l.mergedAt,
           CASE WHEN l.closedAt IS NULL THEN l.mergedAt
                WHEN l.mergedAt IS NULL THEN l.closedAt
                ELSE least(l.closedAt, l.mergedAt) END AS resolvedAt,
           l.patchsets, l.maxUpdatedAt
    FROM opened o
    JOIN lifecycle l USING (prKey)
)
SELECT id, sourceId, openedAt, segmentId, channel, memberId, organizationId, gitChangedLinesBucket, platform,
       assignedAt, reviewRequestedAt, reviewedAt, approvedAt, closedAt, mergedAt, resolvedAt,
       floor(epoch_ms(assignedAt) / 1000)::BIGINT - floor(epoch_ms(openedAt) / 1000)::BIGINT AS assignedInSeconds,
       floor(epoch_ms(reviewRequestedAt) / 1000)::BIGINT - floor(epoch_ms(openedAt) / 1000)::BIGINT
           AS reviewRequestedInSeconds,
       floor(epoch_ms(reviewedAt) / 1000)::BIGINT - floor(epoch_ms(openedAt) / 1000)::BIGINT AS reviewedInSeconds,
       floor(epoch_ms(closedAt) / 1000)::BIGINT - floor(epoch_ms(openedAt) / 1000)::BIGINT AS closedInSeconds,
       floor(epoch_ms(mergedAt) / 1000)::BIGINT - floor(epoch_ms(openedAt) / 1000)::BIGINT AS mergedInSeconds,
       floor(epoch_ms(resolvedAt) / 1000)::BIGINT - floor(epoch_ms(openedAt) / 1000)::BIGINT AS resolvedInSeconds,
       nullif(patchsets, 0)::BIGINT AS numberOfPatchsets,
       cdc_ts(cdc_snapshot_ms(epoch_ms(maxUpdatedAt))) AS snapshotId
FROM joined;

SELECT * FROM expected_pull_requests
ORDER BY sourceId;
