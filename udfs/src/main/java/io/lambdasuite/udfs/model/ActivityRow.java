package io.lambdasuite.udfs.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One version of an activity relation: the columns of the {@code activityRelations} table
 * (reference-schema.md §1), the enriched columns (§2), the version triple and the MV bookkeeping columns
 * (§4). Timestamps are epoch milliseconds UTC. It travels between operators and sits in keyed state with its
 * own serializer ({@link ActivityRowSerializer}: every field, strings as byte blocks), never Kryo.
 */
@TypeInfo(ActivityRowTypeInfo.Factory.class)
public class ActivityRow implements Versioned {
    // --- source columns ---
    public String activityId = "";
    public String conversationId = "";
    public long createdAt;
    public long updatedAt;
    public String memberId = "";
    public String objectMemberId = "";
    public String objectMemberUsername = "";
    public String organizationId = "";
    public String parentId = "";
    public String platform = "";
    public String segmentId = "";
    public String username = "";
    public String sourceId = "";
    public String type = "";
    public long timestamp;
    public String sourceParentId = "";
    public String channel = "";
    public int sentimentScore = -1;
    public long gitInsertions;
    public long gitDeletions;
    public int score = -1;
    public boolean isContribution;
    public String pullRequestReviewState = "";

    // --- version and MV bookkeeping ---
    public long commitLsn;
    public int commitIdx;
    public boolean isDeleted;
    /** '' when the row passes every validity filter, else the first failing reason (reference-schema.md §3). */
    public String heldReason = "";

    // --- enrichment ---
    public long gitChangedLines;
    public String gitChangedLinesBucket = "";
    public String organizationName = "";
    public String organizationCountryCode = "XX";
    public long snapshotId;

    // --- in flight only, never written ---
    /** Bits of {@link ActivityColumns} whose value arrived as {@code unchanged_toast}; 0 once resolved. */
    public int toastMask;
    /** Commit time of the change (epoch ms), the event time of the streaming job. */
    public long commitTimestamp;
    /** Validity verdicts gathered by the dimension joins, folded into {@link #heldReason} at the end. */
    public String memberReason = "";
    public String segmentReason = "";
    public String repositoryReason = "";

    public ActivityRow() {}

    @Override
    public long updatedAt() {
        return updatedAt;
    }

    @Override
    public long commitLsn() {
        return commitLsn;
    }

    @Override
    public int commitIdx() {
        return commitIdx;
    }

    @Override
    public boolean deleted() {
        return isDeleted;
    }

    /** The dedup key (segmentId, timestamp, type, platform, channel, sourceId) as one string. */
    public String dedupKey() {
        return dedupKey(segmentId, timestamp, type, platform, channel, sourceId);
    }

    /** The dedup key of any row carrying these columns (e.g. a projection read from Parquet). */
    public static String dedupKey(String segmentId, long timestamp, String type, String platform, String channel,
            String sourceId) {
        return segmentId + '\u0000' + timestamp + '\u0000' + type + '\u0000' + platform + '\u0000' + channel
                + '\u0000' + sourceId;
    }

    /** A field-by-field copy. */
    public ActivityRow copy() {
        ActivityRow r = new ActivityRow();
        r.activityId = activityId;
        r.conversationId = conversationId;
        r.createdAt = createdAt;
        r.updatedAt = updatedAt;
        r.memberId = memberId;
        r.objectMemberId = objectMemberId;
        r.objectMemberUsername = objectMemberUsername;
        r.organizationId = organizationId;
        r.parentId = parentId;
        r.platform = platform;
        r.segmentId = segmentId;
        r.username = username;
        r.sourceId = sourceId;
        r.type = type;
        r.timestamp = timestamp;
        r.sourceParentId = sourceParentId;
        r.channel = channel;
        r.sentimentScore = sentimentScore;
        r.gitInsertions = gitInsertions;
        r.gitDeletions = gitDeletions;
        r.score = score;
        r.isContribution = isContribution;
        r.pullRequestReviewState = pullRequestReviewState;
        r.commitLsn = commitLsn;
        r.commitIdx = commitIdx;
        r.isDeleted = isDeleted;
        r.heldReason = heldReason;
        r.gitChangedLines = gitChangedLines;
        r.gitChangedLinesBucket = gitChangedLinesBucket;
        r.organizationName = organizationName;
        r.organizationCountryCode = organizationCountryCode;
        r.snapshotId = snapshotId;
        r.toastMask = toastMask;
        r.commitTimestamp = commitTimestamp;
        r.memberReason = memberReason;
        r.segmentReason = segmentReason;
        r.repositoryReason = repositoryReason;
        return r;
    }

    @Override
    public String toString() {
        return "ActivityRow{" + activityId + " key=" + dedupKey().replace('\u0000', '|') + " v=(" + updatedAt + ","
                + commitLsn + "," + commitIdx + ") deleted=" + isDeleted + " held=" + heldReason + "}";
    }
}
