package io.lambdasuite.udfs.model;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link ActivityRow}, the record of every network hop, of the dedup state and of the
 * facts waiting for a dimension. Field by field like the POJO serializer, but each string goes out as one
 * length-prefixed block of bytes instead of one call per character: in a profile of the streaming job the POJO
 * serializer's per-character writes and reads were a fifth of its CPU (network hops and heap checkpoints).
 *
 * <p>Not thread-safe (see {@link RowSerializer}).
 */
public final class ActivityRowSerializer extends RowSerializer<ActivityRow> {
    private static final long serialVersionUID = 1L;

    private static final int CONTRIBUTION = 1;
    private static final int DELETED = 2;

    @Override
    public TypeSerializer<ActivityRow> duplicate() {
        return new ActivityRowSerializer();
    }

    @Override
    public ActivityRow createInstance() {
        return new ActivityRow();
    }

    @Override
    public ActivityRow copy(ActivityRow from) {
        return from.copy();
    }

    @Override
    public void serialize(ActivityRow r, DataOutputView out) throws IOException {
        strings.write(r.activityId, out);
        strings.write(r.conversationId, out);
        out.writeLong(r.createdAt);
        out.writeLong(r.updatedAt);
        strings.write(r.memberId, out);
        strings.write(r.objectMemberId, out);
        strings.write(r.objectMemberUsername, out);
        strings.write(r.organizationId, out);
        strings.write(r.parentId, out);
        strings.write(r.platform, out);
        strings.write(r.segmentId, out);
        strings.write(r.username, out);
        strings.write(r.sourceId, out);
        strings.write(r.type, out);
        out.writeLong(r.timestamp);
        strings.write(r.sourceParentId, out);
        strings.write(r.channel, out);
        out.writeInt(r.sentimentScore);
        out.writeLong(r.gitInsertions);
        out.writeLong(r.gitDeletions);
        out.writeInt(r.score);
        out.writeByte((r.isContribution ? CONTRIBUTION : 0) | (r.isDeleted ? DELETED : 0));
        strings.write(r.pullRequestReviewState, out);
        out.writeLong(r.commitLsn);
        out.writeInt(r.commitIdx);
        strings.write(r.heldReason, out);
        out.writeLong(r.gitChangedLines);
        strings.write(r.gitChangedLinesBucket, out);
        strings.write(r.organizationName, out);
        strings.write(r.organizationCountryCode, out);
        out.writeLong(r.snapshotId);
        out.writeInt(r.toastMask);
        out.writeLong(r.commitTimestamp);
        strings.write(r.memberReason, out);
        strings.write(r.segmentReason, out);
        strings.write(r.repositoryReason, out);
    }

    @Override
    public ActivityRow deserialize(DataInputView in) throws IOException {
        ActivityRow r = new ActivityRow();
        r.activityId = strings.read(in);
        r.conversationId = strings.read(in);
        r.createdAt = in.readLong();
        r.updatedAt = in.readLong();
        r.memberId = strings.read(in);
        r.objectMemberId = strings.read(in);
        r.objectMemberUsername = strings.read(in);
        r.organizationId = strings.read(in);
        r.parentId = strings.read(in);
        r.platform = strings.read(in);
        r.segmentId = strings.read(in);
        r.username = strings.read(in);
        r.sourceId = strings.read(in);
        r.type = strings.read(in);
        r.timestamp = in.readLong();
        r.sourceParentId = strings.read(in);
        r.channel = strings.read(in);
        r.sentimentScore = in.readInt();
        r.gitInsertions = in.readLong();
        r.gitDeletions = in.readLong();
        r.score = in.readInt();
        int flags = in.readByte();
        r.isContribution = (flags & CONTRIBUTION) != 0;
        r.isDeleted = (flags & DELETED) != 0;
        r.pullRequestReviewState = strings.read(in);
        r.commitLsn = in.readLong();
        r.commitIdx = in.readInt();
        r.heldReason = strings.read(in);
        r.gitChangedLines = in.readLong();
        r.gitChangedLinesBucket = strings.read(in);
        r.organizationName = strings.read(in);
        r.organizationCountryCode = strings.read(in);
        r.snapshotId = in.readLong();
        r.toastMask = in.readInt();
        r.commitTimestamp = in.readLong();
        r.memberReason = strings.read(in);
        r.segmentReason = strings.read(in);
        r.repositoryReason = strings.read(in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<ActivityRow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** See {@link RowSerializer.Snapshot}: state of the POJO serializer of earlier builds is migrated. */
    public static final class Snapshot extends RowSerializer.Snapshot<ActivityRow> {
        public Snapshot() {
            super(ActivityRowSerializer::new);
        }
    }
}
