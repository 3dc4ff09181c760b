package io.lambdasuite.jobs.parquet;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentAggregateRow;
import io.lambdasuite.udfs.model.SegmentRow;

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
