package io.lambdasuite.jobs.merge;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ConfigOption;

/** Options of {@code lambda merge}; each is also a {@code --<key>} flag of the CLI. */
public final class MergeOptions {
    /** Which serving dataset a merge publishes. */
    public enum Dataset {
        /** activityRelations_deduplicated_cleaned and the current dimensions (append mode). */
        ACTIVITIES,
        /** pull_requests_analyzed (replace mode), from the latest activities snapshot. */
        PULL_REQUESTS
    }

    public static final ConfigOption<Dataset> DATASET = key("dataset").enumType(Dataset.class)
            .defaultValue(Dataset.ACTIVITIES)
            .withDescription("activities: the activities snapshot and current dimensions; pull_requests: the one snapshot of pull_requests_analyzed, from the activities snapshot given by --snapshot (default the latest published), touched pull requests recomputed, the rest carried over.");

    public static final ConfigOption<String> BASE_PATH = key("base-path").stringType().defaultValue("lambda-data")
            .withDescription("Base path of every dataset (local path, hdfs:// or s3://), as given to lambda stream.");

    public static final ConfigOption<String> SNAPSHOT = key("snapshot").stringType().defaultValue("")
            .withDescription("Snapshot to publish: a UTC hour like 2024-05-01T11 (or an ISO instant, truncated to its hour); default the start of the current UTC hour. MV rows with snapshotId <= it are merged. With --dataset pull_requests: the published activities snapshot to compute from, default the latest.");

    public static final ConfigOption<Integer> PARALLELISM = key("parallelism").intType().defaultValue(-1)
            .withDescription("Job parallelism; -1 uses the cluster default.");

    public static final ConfigOption<Boolean> CARRY_OVER = key("carry-over").booleanType().defaultValue(true)
            .withDescription("Copy the previous snapshot's files that no new row supersedes and no changed dimension touches (decided from the new rows' timestamps and each file's footer statistics and Bloom filters) instead of reading them; false sends every old row through the merge.");

    public static final ConfigOption<MemorySize> ROW_GROUP_SIZE = key("row-group-size").memoryType()
            .defaultValue(MemorySize.ofMebiBytes(32))
            .withDescription("Row group size of the snapshot files the merge writes (one row group per file: the unit the next merge copies or reads; in memory, before compression).");

    public static final ConfigOption<MemorySize> COMPACT_BELOW = key("compact-below").memoryType()
            .defaultValue(MemorySize.ofMebiBytes(4))
            .withDescription("Files of the previous snapshot smaller than this are read and rewritten with their neighbours instead of copied, so small files do not pile up.");

    public static final List<ConfigOption<?>> ALL = List.of(DATASET, BASE_PATH, SNAPSHOT, PARALLELISM, CARRY_OVER,
            ROW_GROUP_SIZE, COMPACT_BELOW);

    private MergeOptions() {}
}
