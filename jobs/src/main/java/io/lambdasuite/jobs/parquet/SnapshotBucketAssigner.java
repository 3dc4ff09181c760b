package io.lambdasuite.jobs.parquet;

import io.lambdasuite.udfs.rules.SnapshotIds;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each row in the Hive-style partition of an hour: {@code <prefix>=yyyy-MM-ddTHH} (SPEC §8: no colons,
 * sorts in time order). The hour comes from the row (its snapshotId), never from the wall clock, so a
 * replay writes the same partitions.
 */
public final class SnapshotBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    private final String prefix;
    private final ParquetSchema.LongGetter<T> hour;

    public SnapshotBucketAssigner(String prefix, ParquetSchema.LongGetter<T> hour) {
        this.prefix = prefix;
        this.hour = hour;
    }

    @Override
    public String getBucketId(T element, Context context) {
        return prefix + "=" + SnapshotIds.partitionValue(SnapshotIds.hourOf(hour.get(element)));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
