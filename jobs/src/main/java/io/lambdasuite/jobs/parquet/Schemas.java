package io.lambdasuite.jobs.parquet;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentAggregateRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.TouchedPullRequest;

/**
 * The Parquet schemas of the datasets the suite writes (reference-schema.md §4), camelCase like the original
 * so existing queries port.
 */
public final class Schemas {
    private Schemas() {}

    /** The columns every dimension version ends with: version triple, tombstone flag, commit time, snapshot hour. */
    private static <T extends DimensionRow> ParquetSchema.Builder<T> versioned(ParquetSchema.Builder<T> columns) {
        return columns
                .timestamp("updatedAt", r -> r.updatedAt)
                .timestamp("commitTimestamp", r -> r.commitTimestamp)
                .int64("commitLsn", r -> r.commitLsn)
                .int32("commitIdx", r -> r.commitIdx)
                .bool("isDeleted", r -> r.isDeleted)
                .timestamp("snapshotId", r -> r.snapshotId());
    }

    /** activityRelations_enrich_snapshot_mv and activityRelations_deduplicated_cleaned. */
    public static final ParquetSchema<ActivityRow> ACTIVITY = ParquetSchema.<ActivityRow>builder("activityRelation")
            .string("activityId", r -> r.activityId)
            .string("conversationId", r -> r.conversationId)
            .timestamp("createdAt", r -> r.createdAt)
            .timestamp("updatedAt", r -> r.updatedAt)
            .string("memberId", r -> r.memberId)
            .string("objectMemberId", r -> r.objectMemberId)
            .string("objectMemberUsername", r -> r.objectMemberUsername)
            .string("organizationId", r -> r.organizationId)
            .string("parentId", r -> r.parentId)
            .string("platform", r -> r.platform)
            .string("segmentId", r -> r.segmentId)
            .string("username", r -> r.username)
            .string("sourceId", r -> r.sourceId)
            .string("type", r -> r.type)
            .timestamp("timestamp", r -> r.timestamp)
            .string("sourceParentId", r -> r.sourceParentId)
            .string("channel", r -> r.channel)
            .int8("sentimentScore", r -> r.sentimentScore)
            .uint32("gitInsertions", r -> r.gitInsertions)
            .uint32("gitDeletions", r -> r.gitDeletions)
            .int8("score", r -> r.score)
            .bool("isContribution", r -> r.isContribution)
            .string("pullRequestReviewState", r -> r.pullRequestReviewState)
            .int64("gitChangedLines", r -> r.gitChangedLines)
            .string("gitChangedLinesBucket", r -> r.gitChangedLinesBucket)
            .string("organizationName", r -> r.organizationName)
            .string("organizationCountryCode", r -> r.organizationCountryCode)
            .timestamp("snapshotId", r -> r.snapshotId)
            .int64("commitLsn", r -> r.commitLsn)
            .int32("commitIdx", r -> r.commitIdx)
            .bool("isDeleted", r -> r.isDeleted)
            .string("heldReason", r -> r.heldReason)
            .build();

    public static final ParquetSchema<MemberRow> MEMBER = versioned(ParquetSchema.<MemberRow>builder("member")
            .string("id", r -> r.id)
            .string("displayName", r -> r.displayName)
            .bool("isBot", r -> r.isBot)
            .bool("isTeamMember", r -> r.isTeamMember)
            .bool("isOrganization", r -> r.isOrganization))
            .build();

    public static final ParquetSchema<OrganizationRow> ORGANIZATION =
            versioned(ParquetSchema.<OrganizationRow>builder("organization")
                    .string("id", r -> r.id)
                    .string("displayName", r -> r.displayName)
                    .string("country", r -> r.country)
                    .string("location", r -> r.location))
            .build();

    public static final ParquetSchema<SegmentRow> SEGMENT = versioned(ParquetSchema.<SegmentRow>builder("segment")
            .string("id", r -> r.id)
            .string("slug", r -> r.slug)
            .string("name", r -> r.name)
            .string("status", r -> r.status)
            .string("parentId", r -> r.parentId)
            .string("grandparentId", r -> r.grandparentId))
            .build();

    public static final ParquetSchema<RepositoryRow> REPOSITORY = versioned(ParquetSchema.<RepositoryRow>builder("repository")
            .string("id", r -> r.id)
            .string("url", r -> r.url)
            .string("segmentId", r -> r.segmentId)
            .bool("enabled", r -> r.enabled)
            .bool("excluded", r -> r.excluded)
            .optionalTimestamp("deletedAt", r -> r.deletedAt))
            .build();

    /** The columns of a PR record (reference-schema.md §5), in the order of the original's schema. */
    private static ParquetSchema.Builder<PullRequestRecord> pullRequestColumns(String name) {
        return ParquetSchema.<PullRequestRecord>builder(name)
                .string("id", r -> r.id)
                .string("sourceId", r -> r.sourceId)
                .timestamp("openedAt", r -> r.openedAt)
                .string("segmentId", r -> r.segmentId)
                .string("channel", r -> r.channel)
                .string("memberId", r -> r.memberId)
                .string("organizationId", r -> r.organizationId)
                .string("gitChangedLinesBucket", r -> r.gitChangedLinesBucket)
                .string("platform", r -> r.platform)
                .optionalTimestamp("assignedAt", r -> r.assignedAt)
                .optionalTimestamp("reviewRequestedAt", r -> r.reviewRequestedAt)
                .optionalTimestamp("reviewedAt", r -> r.reviewedAt)
                .optionalTimestamp("approvedAt", r -> r.approvedAt)
                .optionalTimestamp("closedAt", r -> r.closedAt)
                .optionalTimestamp("mergedAt", r -> r.mergedAt)
                .optionalTimestamp("resolvedAt", r -> r.resolvedAt)
                .optionalInt64("assignedInSeconds", r -> r.assignedInSeconds)
                .optionalInt64("reviewRequestedInSeconds", r -> r.reviewRequestedInSeconds)
                .optionalInt64("reviewedInSeconds", r -> r.reviewedInSeconds)
                .optionalInt64("closedInSeconds", r -> r.closedInSeconds)
                .optionalInt64("mergedInSeconds", r -> r.mergedInSeconds)
                .optionalInt64("resolvedInSeconds", r -> r.resolvedInSeconds)
                .optionalInt64("numberOfPatchsets", r -> r.numberOfPatchsets)
                .timestamp("snapshotId", r -> r.snapshotId);
    }

    /** pull_requests_analyzed: one row per PR, the rule's columns only. */
    public static final ParquetSchema<PullRequestRecord> PULL_REQUEST = pullRequestColumns("pullRequest").build();

    /**
     * pull_request_analyzed_mv: every changed PR record the streaming job emitted, with its bookkeeping: the newest
     * record of a PR is the one with the greatest (commitTimestamp, revision); isDeleted marks a PR that lost its
     * opened event.
     */
    public static final ParquetSchema<PullRequestRecord> PULL_REQUEST_MV = pullRequestColumns("pullRequestMv")
            .timestamp("commitTimestamp", r -> r.commitTimestamp)
            .int64("revision", r -> r.revision)
            .bool("isDeleted", r -> r.isDeleted)
            .build();

    /**
     * The activity columns the PR rule reads, for reading {@link #ACTIVITY} files straight into
     * {@link PullRequestEvent} (only these columns are decoded). Reading only: the event's derived fields are
     * filled by {@link PullRequestEvent#identify()}.
     */
    public static final ParquetSchema<PullRequestEvent> ACTIVITY_AS_PULL_REQUEST_EVENT =
            ParquetSchema.<PullRequestEvent>builder("activityRelation")
                    .string("activityId", r -> r.activityId)
                    .timestamp("updatedAt", r -> r.updatedAt)
                    .string("memberId", r -> r.memberId)
                    .string("organizationId", r -> r.organizationId)
                    .string("platform", r -> r.platform)
                    .string("segmentId", r -> r.segmentId)
                    .string("sourceId", r -> r.sourceId)
                    .string("type", r -> r.type)
                    .timestamp("timestamp", r -> r.timestamp)
                    .string("sourceParentId", r -> r.sourceParentId)
                    .string("channel", r -> r.channel)
                    .string("pullRequestReviewState", r -> r.pullRequestReviewState)
                    .string("gitChangedLinesBucket", r -> r.gitChangedLinesBucket)
                    .int64("commitLsn", r -> r.commitLsn)
                    .int32("commitIdx", r -> r.commitIdx)
                    .build();

    /**
     * {@code <activities snapshot>/_pr_touched/}: the keys of the PRs whose events changed in that snapshot versus
     * the previous one (written by the activities merge, read by the PR merge). Also reads the key column alone
     * out of PR record files.
     */
    public static final ParquetSchema<TouchedPullRequest> PULL_REQUEST_TOUCHED =
            ParquetSchema.<TouchedPullRequest>builder("touchedPullRequest")
                    .string("sourceId", r -> r.sourceId)
                    .build();

    /** segments_aggregated (reference-schema.md §4, §6). */
    public static final ParquetSchema<SegmentAggregateRow> SEGMENT_AGGREGATE =
            ParquetSchema.<SegmentAggregateRow>builder("segmentAggregate")
                    .string("segmentId", r -> r.segmentId)
                    .int64("contributorCount", r -> r.contributorCount)
                    .int64("organizationCount", r -> r.organizationCount)
                    .timestamp("snapshotId", r -> r.snapshotId)
                    .build();

    public static final ParquetSchema<DeadLetter> DEAD_LETTER = ParquetSchema.<DeadLetter>builder("deadLetter")
            .string("topic", r -> r.topic)
            .int32("partition", r -> r.partition)
            .int64("offset", r -> r.offset)
            .string("file", r -> r.file)
            .string("reason", r -> r.reason)
            .string("detail", r -> r.detail)
            .bytes("raw", r -> r.raw)
            .timestamp("rejectedAt", r -> r.rejectedAt)
            .build();
}
