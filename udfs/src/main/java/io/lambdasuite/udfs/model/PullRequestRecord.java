package io.lambdasuite.udfs.model;

import java.util.Objects;

/**
 * One pull request as {@code pull_requests_analyzed} holds it (reference-schema.md §5), computed by
 * {@link io.lambdasuite.udfs.rules.PullRequestRule}. Timestamps are epoch milliseconds UTC; a null lifecycle
 * timestamp or duration means the PR has no event of that role. The last three fields are bookkeeping of the
 * streaming job's PR MV dataset ({@code pull_request_analyzed_mv}) and are not part of the rule's result.
 * A Flink POJO.
 */
public class PullRequestRecord {
    /** activityId of the opened event (the earliest by timestamp if several). */
    public String id = "";
    /** The PR key. */
    public String sourceId = "";
    public long openedAt;
    public String segmentId = "";
    public String channel = "";
    public String memberId = "";
    public String organizationId = "";
    public String gitChangedLinesBucket = "";
    public String platform = "";

    public Long assignedAt;
    public Long reviewRequestedAt;
    public Long reviewedAt;
    public Long approvedAt;
    public Long closedAt;
    public Long mergedAt;
    public Long resolvedAt;

    public Long assignedInSeconds;
    public Long reviewRequestedInSeconds;
    public Long reviewedInSeconds;
    public Long closedInSeconds;
    public Long mergedInSeconds;
    public Long resolvedInSeconds;

    /** Distinct {@code patchset-created} events (by sourceId: one per patchset); null when none. */
    public Long numberOfPatchsets;
    /** Start of the UTC hour of the greatest updatedAt among the PR's events, plus one hour. */
    public long snapshotId;

    // --- PR MV bookkeeping (streaming job only) ---
    /** Commit time of the newest change the streaming job had seen for this PR when it emitted this record. */
    public long commitTimestamp;
    /** 1 for the first record emitted for the PR since its state was created, then +1 per emitted change. */
    public long revision;
    /** The PR lost its opened event (deleted or held): it no longer exists; the other columns are the last record. */
    public boolean isDeleted;

    public PullRequestRecord() {}

    /** True when both hold the same rule result (every column but the PR MV bookkeeping). */
    public boolean sameResultAs(PullRequestRecord o) {
        return o != null && openedAt == o.openedAt && snapshotId == o.snapshotId && id.equals(o.id)
                && sourceId.equals(o.sourceId) && segmentId.equals(o.segmentId) && channel.equals(o.channel)
                && memberId.equals(o.memberId) && organizationId.equals(o.organizationId)
                && gitChangedLinesBucket.equals(o.gitChangedLinesBucket) && platform.equals(o.platform)
                && Objects.equals(assignedAt, o.assignedAt) && Objects.equals(reviewRequestedAt, o.reviewRequestedAt)
                && Objects.equals(reviewedAt, o.reviewedAt) && Objects.equals(approvedAt, o.approvedAt)
                && Objects.equals(closedAt, o.closedAt) && Objects.equals(mergedAt, o.mergedAt)
                && Objects.equals(resolvedAt, o.resolvedAt) && Objects.equals(assignedInSeconds, o.assignedInSeconds)
                && Objects.equals(reviewRequestedInSeconds, o.reviewRequestedInSeconds)
                && Objects.equals(reviewedInSeconds, o.reviewedInSeconds)
                && Objects.equals(closedInSeconds, o.closedInSeconds)
                && Objects.equals(mergedInSeconds, o.mergedInSeconds)
                && Objects.equals(resolvedInSeconds, o.resolvedInSeconds)
                && Objects.equals(numberOfPatchsets, o.numberOfPatchsets);
    }

    /** A field-by-field copy. */
    public PullRequestRecord copy() {
        PullRequestRecord r = new PullRequestRecord();
        r.id = id;
        r.sourceId = sourceId;
        r.openedAt = openedAt;
        r.segmentId = segmentId;
        r.channel = channel;
        r.memberId = memberId;
        r.organizationId = organizationId;
        r.gitChangedLinesBucket = gitChangedLinesBucket;
        r.platform = platform;
        r.assignedAt = assignedAt;
        r.reviewRequestedAt = reviewRequestedAt;
        r.reviewedAt = reviewedAt;
        r.approvedAt = approvedAt;
        r.closedAt = closedAt;
        r.mergedAt = mergedAt;
        r.resolvedAt = resolvedAt;
        r.assignedInSeconds = assignedInSeconds;
        r.reviewRequestedInSeconds = reviewRequestedInSeconds;
        r.reviewedInSeconds = reviewedInSeconds;
        r.closedInSeconds = closedInSeconds;
        r.mergedInSeconds = mergedInSeconds;
        r.resolvedInSeconds = resolvedInSeconds;
        r.numberOfPatchsets = numberOfPatchsets;
        r.snapshotId = snapshotId;
        r.commitTimestamp = commitTimestamp;
        r.revision = revision;
        r.isDeleted = isDeleted;
        return r;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof PullRequestRecord)) {
            return false;
        }
        PullRequestRecord o = (PullRequestRecord) obj;
        return sameResultAs(o) && commitTimestamp == o.commitTimestamp && revision == o.revision
                && isDeleted == o.isDeleted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sourceId, openedAt, snapshotId, resolvedAt, revision);
    }

    @Override
    public String toString() {
        return "PullRequestRecord{id=" + id + ", sourceId=" + sourceId + ", openedAt=" + openedAt + ", segmentId="
                + segmentId + ", channel=" + channel + ", memberId=" + memberId + ", organizationId=" + organizationId
                + ", bucket=" + gitChangedLinesBucket + ", platform=" + platform + ", assignedAt=" + assignedAt
                + ", reviewRequestedAt=" + reviewRequestedAt + ", reviewedAt=" + reviewedAt + ", approvedAt="
                + approvedAt + ", closedAt=" + closedAt + ", mergedAt=" + mergedAt + ", resolvedAt=" + resolvedAt
                + ", inSeconds=[" + assignedInSeconds + "," + reviewRequestedInSeconds + "," + reviewedInSeconds + ","
                + closedInSeconds + "," + mergedInSeconds + "," + resolvedInSeconds + "], numberOfPatchsets="
                + numberOfPatchsets + ", snapshotId=" + snapshotId + (revision > 0 ? ", revision=" + revision : "")
                + (isDeleted ? ", deleted" : "") + "}";
    }
}
