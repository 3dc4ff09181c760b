package io.lambdasuite.udfs.model;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link PullRequestEvent}, the record of the PR hop and of the PR lifecycle's map state:
 * every field, strings as blocks ({@link RowSerializer}).
 */
public final class PullRequestEventSerializer extends RowSerializer<PullRequestEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public TypeSerializer<PullRequestEvent> duplicate() {
        return new PullRequestEventSerializer();
    }

    @Override
    public PullRequestEvent createInstance() {
        return new PullRequestEvent();
    }

    @Override
    public PullRequestEvent copy(PullRequestEvent from) {
        return from.copy();
    }

    @Override
    public void serialize(PullRequestEvent e, DataOutputView out) throws IOException {
        strings.write(e.pullRequestKey, out);
        strings.write(e.eventKey, out);
        strings.write(e.type, out);
        out.writeLong(e.timestamp);
        strings.write(e.activityId, out);
        strings.write(e.sourceId, out);
        strings.write(e.sourceParentId, out);
        strings.write(e.segmentId, out);
        strings.write(e.channel, out);
        strings.write(e.memberId, out);
        strings.write(e.organizationId, out);
        strings.write(e.gitChangedLinesBucket, out);
        strings.write(e.platform, out);
        strings.write(e.pullRequestReviewState, out);
        out.writeLong(e.updatedAt);
        out.writeLong(e.commitLsn);
        out.writeInt(e.commitIdx);
        out.writeLong(e.commitTimestamp);
        out.writeBoolean(e.removed);
    }

    @Override
    public PullRequestEvent deserialize(DataInputView in) throws IOException {
        PullRequestEvent e = new PullRequestEvent();
        e.pullRequestKey = strings.read(in);
        e.eventKey = strings.read(in);
        e.type = strings.read(in);
        e.timestamp = in.readLong();
        e.activityId = strings.read(in);
        e.sourceId = strings.read(in);
        e.sourceParentId = strings.read(in);
        e.segmentId = strings.read(in);
        e.channel = strings.read(in);
        e.memberId = strings.read(in);
        e.organizationId = strings.read(in);
        e.gitChangedLinesBucket = strings.read(in);
        e.platform = strings.read(in);
        e.pullRequestReviewState = strings.read(in);
        e.updatedAt = in.readLong();
        e.commitLsn = in.readLong();
        e.commitIdx = in.readInt();
        e.commitTimestamp = in.readLong();
        e.removed = in.readBoolean();
        return e;
    }

    @Override
    public TypeSerializerSnapshot<PullRequestEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** See {@link RowSerializer.Snapshot}: state of the POJO serializer of earlier builds is migrated. */
    public static final class Snapshot extends RowSerializer.Snapshot<PullRequestEvent> {
        public Snapshot() {
            super(PullRequestEventSerializer::new);
        }
    }

    /** Flink's type information for {@link PullRequestEvent}. */
    public static final class Info extends RowTypeInfo<PullRequestEvent> {
        private static final long serialVersionUID = 1L;

        public Info() {
            super(PullRequestEvent.class);
        }

        @Override
        public TypeSerializer<PullRequestEvent> createSerializer(SerializerConfig config) {
            return new PullRequestEventSerializer();
        }
    }

    /** What {@code @TypeInfo} on {@link PullRequestEvent} names. */
    public static final class TypeInfoFactory extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<PullRequestEvent> {
        @Override
        public TypeInformation<PullRequestEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new Info();
        }
    }
}
