package io.lambdasuite.jobs.parquet;

import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each row in the Hive-style partition of the UTC year of one of its timestamps, {@code <prefix>=yyyy}
 * (e.g. {@code openedYear=2024} inside a {@code pull_requests_analyzed} snapshot, as the original partitioned by
 * {@code toYear(openedAt)}).
 */
public final class YearBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    private final String prefix;
    private final ParquetSchema.LongGetter<T> timestamp;

    public YearBucketAssigner(String prefix, ParquetSchema.LongGetter<T> timestamp) {
        this.prefix = prefix;
        this.timestamp = timestamp;
    }

    /** The partition directory of an epoch-ms timestamp, e.g. {@code openedYear=2024}. */
    public static String partitionDir(String prefix, long epochMs) {
        return String.format("%s=%04d", prefix, Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).getYear());
    }

    @Override
    public String getBucketId(T element, Context context) {
        return partitionDir(prefix, timestamp.get(element));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
