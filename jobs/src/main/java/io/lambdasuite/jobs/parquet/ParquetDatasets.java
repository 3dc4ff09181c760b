package io.lambdasuite.jobs.parquet;

import io.lambdasuite.jobs.stream.StreamSinks;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import java.io.IOException;
import java.util.List;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The datasets under the base path and the exactly-once Parquet sinks that write them: Flink's FileSink,
 * rolling on every checkpoint, so a file becomes visible (renamed from a hidden in-progress name to
 * {@code part-*.parquet}) only when the checkpoint that covers its rows completes.
 */
public final class ParquetDatasets implements StreamSinks {
    /** Dataset of rejected messages; underscore-prefixed because it is not published data (SPEC §8). */
    public static final String DEAD_LETTERS = "_dead_letters";
    /** Partition key of snapshot-partitioned datasets. */
    public static final String SNAPSHOT_PARTITION = "snapshot";
    /** Partition key of the dimension MV datasets: the commit hour of the change. */
    public static final String COMMIT_PARTITION = "committed";
    /** Dataset of the PR records the streaming job emits (reference-schema.md §4). */
    public static final String PULL_REQUEST_MV = "pull_request_analyzed_mv";

    private final String basePath;

    public ParquetDatasets(String basePath) {
        this.basePath = basePath;
    }

    public static Path dataset(String basePath, String name) {
        return new Path(basePath, name);
    }

    private static final OutputFileConfig FILES =
            OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build();

    private <T> Sink<T> sink(String name, ParquetSchema<T> schema, SnapshotBucketAssigner<T> buckets) {
        return fileSink(dataset(basePath, name), schema, buckets);
    }

    /**
     * A Parquet FileSink under {@code dir}: files {@code part-*.parquet}, rolled on every checkpoint (streaming)
     * or at the end of input (batch), hidden until committed. Shared by the streaming job and the batch jobs.
     */
    public static <T> FileSink<T> fileSink(Path dir, ParquetSchema<T> schema, BucketAssigner<T, String> buckets) {
        return FileSink.forBulkFormat(dir, RowParquetWriters.factory(schema))
                .withBucketAssigner(buckets)
                .withOutputFileConfig(FILES)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
    }

    /**
     * The FileSink of a serving snapshot: like {@link #fileSink}, but every file holds one row group (a file is
     * rolled as soon as its first row group is out) with Bloom filters on {@code bloomColumns}: files are the
     * unit the next merge copies unread, and small ones keep that unit fine-grained.
     */
    public static <T> FileSink<T> servingSink(Path dir, ParquetSchema<T> schema, long rowGroupBytes,
            List<String> bloomColumns) {
        return FileSink.forBulkFormat(dir, RowParquetWriters.servingFactory(schema, rowGroupBytes, bloomColumns))
                .withBucketAssigner(new BasePathBucketAssigner<T>())
                .withOutputFileConfig(FILES)
                .withRollingPolicy(new OneRowGroupPerFile<>())
                .build();
    }

    /** Rolls a bulk part file once anything beyond Parquet's 4-byte header has been written: a row group. */
    static final class OneRowGroupPerFile<T> extends CheckpointRollingPolicy<T, String> {
        private static final long serialVersionUID = 1L;
        private static final long HEADER_BYTES = 4;

        @Override
        public boolean shouldRollOnEvent(PartFileInfo<String> part, T element) throws IOException {
            return part.getSize() > HEADER_BYTES;
        }

        @Override
        public boolean shouldRollOnProcessingTime(
                PartFileInfo<String> part, long time) {
            return false;
        }
    }

    /**
     * A bounded stream of the rows of Parquet files written by {@link #fileSink} (an empty stream for no files), read
     * split by row group. Shared by the batch jobs.
     */
    public static <T> DataStream<T> read(StreamExecutionEnvironment env, String name, Class<T> type,
            ParquetSchema<T> schema, List<String> files) {
        if (files.isEmpty()) {
            return empty(env, type, "No " + name);
        }
        Path[] paths = files.stream().map(Path::new).toArray(Path[]::new);
        return env.fromSource(FileSource.forBulkFileFormat(RowParquetReaders.format(type, schema), paths).build(),
                WatermarkStrategy.noWatermarks(), "Read " + name);
    }

    /**
     * An empty bounded stream of a POJO type. (Flink 2.2's {@code fromData} of an empty collection fails when the job
     * runs, "Reached the end of the collection", so this filters out one default instance instead.)
     */
    public static <T> DataStream<T> empty(StreamExecutionEnvironment env, Class<T> type, String name) {
        T placeholder;
        try {
            placeholder = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " has no public no-argument constructor", e);
        }
        return env.fromData(List.of(placeholder), TypeInformation.of(type)).filter(r -> false).name(name);
    }

    /**
     * Dimension versions are partitioned by the hour they were committed, not by their snapshot hour: a
     * backfill re-reads rows last updated over years, and one partition per updatedAt hour would open
     * thousands of Parquet writers at once. The merge folds dimensions by version order, so the partition
     * only has to keep files few and time-ordered.
     */
    private <T extends DimensionRow> Sink<T> dimension(Table table, ParquetSchema<T> schema) {
        return sink(table.mvDataset(), schema, new SnapshotBucketAssigner<>(COMMIT_PARTITION, r -> r.commitTimestamp));
    }

    @Override
    public Sink<ActivityRow> activities() {
        return sink(Table.ACTIVITY_RELATIONS.mvDataset(), Schemas.ACTIVITY,
                new SnapshotBucketAssigner<>(SNAPSHOT_PARTITION, r -> r.snapshotId));
    }

    @Override
    public Sink<MemberRow> members() {
        return dimension(Table.MEMBERS, Schemas.MEMBER);
    }

    @Override
    public Sink<OrganizationRow> organizations() {
        return dimension(Table.ORGANIZATIONS, Schemas.ORGANIZATION);
    }

    @Override
    public Sink<SegmentRow> segments() {
        return dimension(Table.SEGMENTS, Schemas.SEGMENT);
    }

    @Override
    public Sink<RepositoryRow> repositories() {
        return dimension(Table.REPOSITORIES, Schemas.REPOSITORY);
    }

    @Override
    public Sink<PullRequestRecord> pullRequests() {
        return sink(PULL_REQUEST_MV, Schemas.PULL_REQUEST_MV,
                new SnapshotBucketAssigner<>(SNAPSHOT_PARTITION, r -> r.snapshotId));
    }

    @Override
    public Sink<DeadLetter> deadLetters() {
        return sink(DEAD_LETTERS, Schemas.DEAD_LETTER, new SnapshotBucketAssigner<>("rejected", r -> r.rejectedAt));
    }
}
