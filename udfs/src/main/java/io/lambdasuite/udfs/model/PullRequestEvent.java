package io.lambdasuite.udfs.model;

import io.lambdasuite.udfs.rules.PullRequestTypes;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One version of a PR-related activity relation, reduced to what the PR rule reads (reference-schema.md §5):
 * its identity (the activity's dedup key), its version triple, the columns the PR record takes from it, and
 * whether this version removes the event from its PR ({@link #removed}: a tombstone, or a row held by a validity
 * filter, since PR events come from published rows only). It sits in the streaming job's keyed state and crosses
 * its PR hop with its own serializer ({@link PullRequestEventSerializer}), never Kryo.
 */
@TypeInfo(PullRequestEventSerializer.TypeInfoFactory.class)
public class PullRequestEvent implements Versioned {
    /** The PR this event belongs to ({@link PullRequestTypes#key}). */
    public String pullRequestKey = "";
    /** The activity's dedup key: one event, whatever its versions. */
    public String eventKey = "";
    public String type = "";
    public long timestamp;
    public String activityId = "";
    public String sourceId = "";
    public String sourceParentId = "";
    public String segmentId = "";
    public String channel = "";
    public String memberId = "";
    public String organizationId = "";
    public String gitChangedLinesBucket = "";
    public String platform = "";
    public String pullRequestReviewState = "";
    public long updatedAt;
    public long commitLsn;
    public int commitIdx;
    /** Commit time of the change (epoch ms): the streaming job's event time. */
    public long commitTimestamp;
    /** This version takes the event out of its PR: a tombstone, or a row held by a validity filter. */
    public boolean removed;

    public PullRequestEvent() {}

    /** The PR event of an enriched activity row version (tombstones and held rows become removals). */
    public static PullRequestEvent of(ActivityRow r) {
        PullRequestEvent e = new PullRequestEvent();
        e.type = r.type;
        e.timestamp = r.timestamp;
        e.activityId = r.activityId;
        e.sourceId = r.sourceId;
        e.sourceParentId = r.sourceParentId;
        e.segmentId = r.segmentId;
        e.channel = r.channel;
        e.memberId = r.memberId;
        e.organizationId = r.organizationId;
        e.gitChangedLinesBucket = r.gitChangedLinesBucket;
        e.platform = r.platform;
        e.pullRequestReviewState = r.pullRequestReviewState;
        e.updatedAt = r.updatedAt;
        e.commitLsn = r.commitLsn;
        e.commitIdx = r.commitIdx;
        e.commitTimestamp = r.commitTimestamp;
        e.removed = r.isDeleted || !r.heldReason.isEmpty();
        return e.identify();
    }

    /** A field-by-field copy. */
    public PullRequestEvent copy() {
        PullRequestEvent e = new PullRequestEvent();
        e.pullRequestKey = pullRequestKey;
        e.eventKey = eventKey;
        e.type = type;
        e.timestamp = timestamp;
        e.activityId = activityId;
        e.sourceId = sourceId;
        e.sourceParentId = sourceParentId;
        e.segmentId = segmentId;
        e.channel = channel;
        e.memberId = memberId;
        e.organizationId = organizationId;
        e.gitChangedLinesBucket = gitChangedLinesBucket;
        e.platform = platform;
        e.pullRequestReviewState = pullRequestReviewState;
        e.updatedAt = updatedAt;
        e.commitLsn = commitLsn;
        e.commitIdx = commitIdx;
        e.commitTimestamp = commitTimestamp;
        e.removed = removed;
        return e;
    }

    /**
     * Fills {@link #pullRequestKey} and {@link #eventKey} from the columns (after reading the activity columns
     * straight into this type); returns this.
     */
    public PullRequestEvent identify() {
        pullRequestKey = PullRequestTypes.key(type, sourceId, sourceParentId);
        eventKey = ActivityRow.dedupKey(segmentId, timestamp, type, platform, channel, sourceId);
        return this;
    }

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
        return removed;
    }

    @Override
    public String toString() {
        return "PullRequestEvent{" + pullRequestKey + " " + type + " " + activityId + " @" + timestamp + " v=("
                + updatedAt + "," + commitLsn + "," + commitIdx + ")" + (removed ? " removed" : "") + "}";
    }
}
