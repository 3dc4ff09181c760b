package io.lambdasuite.udfs.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link ActivityRow}, the record of every network hop, of the dedup state and of the
 * facts waiting for a dimension. Field by field like the POJO serializer, but each string goes out as one
 * length-prefixed block of bytes instead of one call per character: in a profile of the streaming job the POJO
 * serializer's per-character writes and reads were a fifth of its CPU (network hops and heap checkpoints).
 *
 * <p>Strings are encoded as CESU-8 (UTF-8 with each UTF-16 unit of a surrogate pair encoded on its own), so any
 * Java string, a lone surrogate from a JSON escape included, comes back exactly. A length prefix of 0 is null.
 * Not thread-safe (a reused buffer): {@link #duplicate()} gives each user its own.
 */
public final class ActivityRowSerializer extends TypeSerializer<ActivityRow> {
    private static final long serialVersionUID = 1L;

    private static final int CONTRIBUTION = 1;
    private static final int DELETED = 2;

    private transient byte[] buffer;

    @Override
    public boolean isImmutableType() {
        return false;
    }

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
    public ActivityRow copy(ActivityRow from, ActivityRow reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ActivityRow r, DataOutputView out) throws IOException {
        writeString(r.activityId, out);
        writeString(r.conversationId, out);
        out.writeLong(r.createdAt);
        out.writeLong(r.updatedAt);
        writeString(r.memberId, out);
        writeString(r.objectMemberId, out);
        writeString(r.objectMemberUsername, out);
        writeString(r.organizationId, out);
        writeString(r.parentId, out);
        writeString(r.platform, out);
        writeString(r.segmentId, out);
        writeString(r.username, out);
        writeString(r.sourceId, out);
        writeString(r.type, out);
        out.writeLong(r.timestamp);
        writeString(r.sourceParentId, out);
        writeString(r.channel, out);
        out.writeInt(r.sentimentScore);
        out.writeLong(r.gitInsertions);
        out.writeLong(r.gitDeletions);
        out.writeInt(r.score);
        out.writeByte((r.isContribution ? CONTRIBUTION : 0) | (r.isDeleted ? DELETED : 0));
        writeString(r.pullRequestReviewState, out);
        out.writeLong(r.commitLsn);
        out.writeInt(r.commitIdx);
        writeString(r.heldReason, out);
        out.writeLong(r.gitChangedLines);
        writeString(r.gitChangedLinesBucket, out);
        writeString(r.organizationName, out);
        writeString(r.organizationCountryCode, out);
        out.writeLong(r.snapshotId);
        out.writeInt(r.toastMask);
        out.writeLong(r.commitTimestamp);
        writeString(r.memberReason, out);
        writeString(r.segmentReason, out);
        writeString(r.repositoryReason, out);
    }

    @Override
    public ActivityRow deserialize(DataInputView in) throws IOException {
        ActivityRow r = new ActivityRow();
        r.activityId = readString(in);
        r.conversationId = readString(in);
        r.createdAt = in.readLong();
        r.updatedAt = in.readLong();
        r.memberId = readString(in);
        r.objectMemberId = readString(in);
        r.objectMemberUsername = readString(in);
        r.organizationId = readString(in);
        r.parentId = readString(in);
        r.platform = readString(in);
        r.segmentId = readString(in);
        r.username = readString(in);
        r.sourceId = readString(in);
        r.type = readString(in);
        r.timestamp = in.readLong();
        r.sourceParentId = readString(in);
        r.channel = readString(in);
        r.sentimentScore = in.readInt();
        r.gitInsertions = in.readLong();
        r.gitDeletions = in.readLong();
        r.score = in.readInt();
        int flags = in.readByte();
        r.isContribution = (flags & CONTRIBUTION) != 0;
        r.isDeleted = (flags & DELETED) != 0;
        r.pullRequestReviewState = readString(in);
        r.commitLsn = in.readLong();
        r.commitIdx = in.readInt();
        r.heldReason = readString(in);
        r.gitChangedLines = in.readLong();
        r.gitChangedLinesBucket = readString(in);
        r.organizationName = readString(in);
        r.organizationCountryCode = readString(in);
        r.snapshotId = in.readLong();
        r.toastMask = in.readInt();
        r.commitTimestamp = in.readLong();
        r.memberReason = readString(in);
        r.segmentReason = readString(in);
        r.repositoryReason = readString(in);
        return r;
    }

    @Override
    public ActivityRow deserialize(ActivityRow reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private byte[] buffer(int size) {
        if (buffer == null || buffer.length < size) {
            buffer = new byte[Math.max(size, buffer == null ? 256 : buffer.length * 2)];
        }
        return buffer;
    }

    /** Length + 1 as a varint (0 for null), then the CESU-8 bytes, in one write. */
    private void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int chars = s.length();
        byte[] b = buffer(chars * 3 + 5);
        int p = 5; // room for the varint, written in front once the length is known
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        int length = p - 5 + 1;
        int start = 5 - varIntSize(length);
        int q = start;
        while ((length & ~0x7F) != 0) {
            b[q++] = (byte) ((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        b[q] = (byte) length;
        out.write(b, start, p - start);
    }

    private static int varIntSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private String readString(DataInputView in) throws IOException {
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (length == 0) {
            return null;
        }
        int bytes = length - 1;
        if (bytes == 0) {
            return "";
        }
        byte[] buf = buffer(bytes);
        in.readFully(buf, 0, bytes);
        boolean ascii = true;
        for (int i = 0; i < bytes; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, 0, bytes, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[bytes];
        int n = 0;
        for (int i = 0; i < bytes; ) {
            int c = buf[i] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
                i++;
            } else if (c < 0xE0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (buf[i + 1] & 0x3F));
                i += 2;
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((buf[i + 1] & 0x3F) << 6) | (buf[i + 2] & 0x3F));
                i += 3;
            }
        }
        return new String(chars, 0, n);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ActivityRowSerializer;
    }

    @Override
    public int hashCode() {
        return ActivityRowSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ActivityRow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has no parameters: the snapshot only names the serializer (and its version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ActivityRow> {
        public Snapshot() {
            super(ActivityRowSerializer::new);
        }

        /**
         * State of builds before this serializer (Flink's POJO serializer of the same fields) is migrated on
         * restore: read with the POJO serializer its snapshot restores, written again with this one.
         */
        @Override
        public TypeSerializerSchemaCompatibility<ActivityRow> resolveSchemaCompatibility(
                TypeSerializerSnapshot<ActivityRow> oldSnapshot) {
            if (oldSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSnapshot);
        }
    }

    @Override
    public String toString() {
        return "ActivityRowSerializer";
    }
}
