package io.lambdasuite.jobs.bootstrap;

import io.lambdasuite.jobs.merge.LatestVersion;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.parquet.SnapshotBucketAssigner;
import io.lambdasuite.jobs.serving.PruneInputs;
import io.lambdasuite.jobs.serving.PrunePlanner;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.source.NdjsonFormat;
import io.lambdasuite.jobs.source.Sources;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.jobs.stream.StreamPipeline;
import io.lambdasuite.jobs.stream.StreamSinks;
import io.lambdasuite.jobs.stream.StreamStateBootstrap;
import io.lambdasuite.jobs.stream.Uids;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code lambda bootstrap activities} (SPEC §7): the initial serving snapshot of
 * {@code activityRelations_deduplicated_cleaned} and of the current dimension tables, from the full current state of
 * the raw tables, in replace mode. Four steps, each a bounded Flink batch job or a file operation:
 *
 * <ol>
 *   <li><b>End positions</b>: the end offset of every partition of the five topics (or the list of NDJSON files),
 *       taken first; the MV files already under the base path are noted as superseded.
 *   <li><b>Pipeline</b>: the streaming job's own operators ({@link StreamPipeline#buildLatestVersions}: parsing, dead
 *       letters, latest version per key with unchanged_toast resolution, the dimensions' version handling) over a
 *       bounded read up to those positions, in BATCH mode, into a private staging base
 *       {@code <base>/_bootstrap/run-…/}. Batch execution sorts each keyed input by key (then commit time) on disk
 *       and keeps state for one key at a time, so the run scales past the heap. The fact joins, filters and
 *       enrichment are left to the merge, which runs the same code with the final dimension versions.
 *   <li><b>Stream state</b> (optional, on by default): the latest version per key and the current dimensions
 *       written as a savepoint of the streaming job's keyed state ({@link StreamStateBootstrap}), through RocksDB so
 *       it too scales past the heap.
 *   <li><b>Merge</b>: the snapshot merge ({@link MergeJob}, {@link MergeJob.Initial}) over the staged MV with no
 *       previous snapshot: newest version per key, tombstones dropped, enrichment and filters re-applied with the
 *       final dimension versions, published atomically (dimensions first, then activities) as snapshot S.
 *       Then {@code <base>/_bootstrap/positions.json} records where the stream continues.
 * </ol>
 *
 * <p>Snapshot id: by default the snapshot id of the moment the end positions were taken (start of its UTC hour + 1
 * hour, the rule rows follow), so every row read has a snapshotId ≤ S, like any merged snapshot; if a snapshot that
 * new is already published (a rerun within the hour), one hour after the newest published one, so the initial
 * snapshot is always the newest and replaces what was there in one atomic step (older snapshots stay until pruning,
 * for readers that already chose them). A run killed before the publication leaves nothing visible: the staging of a
 * killed run is removed by the next run.
 */
public final class BootstrapActivitiesJob {
    /** Sub-directories of a run: the staged MV datasets sit directly under it, as under a base path. */
    static final String STATE_DIR = "_state";

    /** What a bootstrap did. */
    public static final class Result {
        public final long snapshotId;
        public final long rows;
        public final long heldRows;
        public final BootstrapPositions positions;

        Result(long snapshotId, long rows, long heldRows, BootstrapPositions positions) {
            this.snapshotId = snapshotId;
            this.rows = rows;
            this.heldRows = heldRows;
            this.positions = positions;
        }
    }

    private BootstrapActivitiesJob() {}

    /** Fails fast with a message naming the option. */
    public static void validate(Configuration o) {
        if (o.get(StreamOptions.SOURCE) == StreamOptions.SourceKind.FILES && o.get(StreamOptions.INPUT_DIR).isEmpty()) {
            throw new IllegalArgumentException("--source files needs --input-dir");
        }
        if (o.get(BootstrapOptions.MAX_PARALLELISM) < 1) {
            throw new IllegalArgumentException("--max-parallelism must be positive");
        }
        if (!o.get(BootstrapOptions.SNAPSHOT).isBlank()) {
            MergeJob.snapshotId(o.get(BootstrapOptions.SNAPSHOT), Clock.systemUTC());
        }
        Sources.kafkaProperties(o);
    }

    public static Result run(Configuration o, Clock clock, Consumer<String> log) throws Exception {
        return run(o, clock, log, rows -> rows);
    }

    /**
     * Runs the bootstrap; {@code beforePublish} transforms the enriched rows of the final merge right before they
     * are written (tests inject a failure there to kill a run before it publishes).
     */
    public static Result run(Configuration o, Clock clock, Consumer<String> log,
            UnaryOperator<DataStream<ActivityRow>> beforePublish) throws Exception {
        validate(o);
        String base = StreamJob.absolute(o.get(StreamOptions.BASE_PATH));
        Path dir = new Path(base, BootstrapPositions.DIR);
        FileSystem fs = dir.getFileSystem();
        Optional<BootstrapPositions> handedOver = current(base);
        removeLeftovers(fs, dir, handedOver, log);

        // 1. What this run replaces, then the end positions: the MV files listed now hold nothing after them.
        Map<String, List<String>> superseded = new LinkedHashMap<>();
        for (Table t : Table.values()) {
            List<String> files = new ArrayList<>();
            for (PrunePlanner.MvFile f : PruneInputs.listMvFiles(new Path(base, t.mvDataset()))) {
                files.add(f.path());
            }
            superseded.put(t.mvDataset(), files);
        }
        boolean kafka = o.get(StreamOptions.SOURCE) == StreamOptions.SourceKind.KAFKA;
        Map<TopicPartition, Long> ends = Map.of();
        List<String> files = List.of();
        if (kafka) {
            try (Admin admin = Admin.create(Sources.kafkaProperties(o))) {
                ends = Sources.offsets(admin, o, OffsetSpec.latest());
            }
        } else {
            files = Sources.listInputFiles(o);
        }
        long takenAt = clock.millis();
        long s = snapshotId(o, base, takenAt);
        String label = SnapshotIds.partitionValue(s);
        Path run = new Path(dir, "run-" + label + "-" + UUID.randomUUID().toString().substring(0, 8));
        log.accept(String.format("snapshot %s: reading %s up to the end positions taken at %s into %s", label,
                kafka ? ends.size() + " partitions of " + Sources.topics(o) : files.size() + " files",
                java.time.Instant.ofEpochMilli(takenAt), run));

        // 2. The streaming job's operators over the bounded input, into the staging base.
        StreamExecutionEnvironment env = batchEnvironment(o, false);
        DataStream<RawMessage> raw = kafka
                ? env.fromSource(Sources.kafkaBounded(o, ends), WatermarkStrategy.noWatermarks(),
                        "Kafka CDC topics to the end positions").uid(Uids.KAFKA_SOURCE)
                : env.fromSource(FileSource.forBulkFileFormat(new NdjsonFormat(),
                        files.stream().map(Path::new).toArray(Path[]::new)).build(), WatermarkStrategy.noWatermarks(),
                        "NDJSON CDC files").uid(Uids.FILE_SOURCE);
        Configuration pipeline = new Configuration(o);
        // One bounded run: a state TTL (processing time) would never fire, and batch state holds one key at a time.
        pipeline.set(StreamOptions.DEDUP_TTL, Duration.ZERO);
        StreamPipeline.buildLatestVersions(pipeline, raw, new StagingSinks(run.toString(), s));
        env.execute("lambda-bootstrap activities " + label + ": pipeline");
        log.accept("snapshot " + label + ": pipeline done, MV staged");

        // 3. The streaming job's keyed state, handed over as a savepoint.
        String state = "";
        if (o.get(BootstrapOptions.STREAM_STATE)) {
            state = new Path(run, STATE_DIR).toString();
            writeStreamState(o, run, state);
            log.accept("snapshot " + label + ": stream state written to " + state);
        }

        // 4. The merge over the staged MV, published atomically, then the positions the stream continues from.
        BootstrapPositions positions = new BootstrapPositions(s, takenAt, kafka ? "kafka" : "files",
                BootstrapPositions.nested(ends), files, state,
                TimeUtils.formatWithHighestUnit(o.get(StreamOptions.DEDUP_TTL)));
        Configuration merge = new Configuration();
        merge.set(MergeOptions.BASE_PATH, base);
        merge.set(MergeOptions.SNAPSHOT, label);
        merge.set(MergeOptions.PARALLELISM, o.get(StreamOptions.PARALLELISM));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("initial", "bootstrap");
        properties.put("bootstrapRun", run.getName());
        properties.put("bootstrapPositions", positions.toJson());
        MergeJob.Result merged = MergeJob.run(merge, clock, log, beforePublish,
                new MergeJob.Initial(run.toString(), superseded, properties));
        if (merged.outcome != PublishResult.PUBLISHED) {
            throw new IllegalStateException("snapshot " + label + " was not published: " + merged.outcome);
        }
        positions.write(base);
        log.accept("snapshot " + label + ": stream continues from " + BootstrapPositions.path(base)
                + (state.isEmpty() ? "" : " with the handed-over state"));

        for (Table t : Table.values()) {
            fs.delete(new Path(run, t.mvDataset()), true);
        }
        handedOver.map(BootstrapPositions::streamState).filter(p -> !p.isEmpty())
                .ifPresent(previous -> delete(fs, new Path(previous).getParent()));
        return new Result(s, merged.rows, merged.heldRows, positions);
    }

    /**
     * The initial snapshot's id (see the class comment): {@code --snapshot} if given (it must be newer than every
     * published snapshot of the serving and dimension datasets), else the later of the snapshot id of
     * {@code takenAt} and one hour after the newest published snapshot.
     */
    static long snapshotId(Configuration o, String base, long takenAt) throws IOException {
        long newest = Long.MIN_VALUE;
        List<String> datasets = new ArrayList<>(List.of(MergeJob.SERVING));
        for (Table t : List.of(Table.MEMBERS, Table.ORGANIZATIONS, Table.SEGMENTS, Table.REPOSITORIES)) {
            datasets.add(t.tableName());
        }
        for (String d : datasets) {
            Optional<Long> latest = SnapshotStore.open(new Path(base, d)).latest();
            if (latest.isPresent()) {
                newest = Math.max(newest, latest.get());
            }
        }
        String option = o.get(BootstrapOptions.SNAPSHOT);
        if (!option.isBlank()) {
            long s = MergeJob.snapshotId(option, Clock.systemUTC());
            if (newest != Long.MIN_VALUE && s <= newest) {
                throw new IllegalArgumentException("--snapshot " + option + " is not newer than the newest published"
                        + " snapshot " + SnapshotIds.partitionValue(newest)
                        + ": the initial snapshot replaces what is there by being the newest");
            }
            return s;
        }
        long byTime = SnapshotIds.snapshotIdOf(takenAt);
        return newest == Long.MIN_VALUE ? byTime : Math.max(byTime, newest + SnapshotIds.HOUR_MS);
    }

    /** A batch environment with the Flink settings given as -D options, e.g. managed memory for the sorts. */
    private static StreamExecutionEnvironment batchEnvironment(Configuration o, boolean genericTypes) {
        Configuration f = new Configuration(o);
        f.set(PipelineOptions.GENERIC_TYPES, genericTypes);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(f);
        env.configure(f);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (o.get(StreamOptions.PARALLELISM) > 0) {
            env.setParallelism(o.get(StreamOptions.PARALLELISM));
        }
        return env;
    }

    /**
     * Writes the streaming job's keyed state from the staged MV: the newest version per key of every dataset
     * (tombstones included), through RocksDB so the state of a large table never has to fit in the heap.
     */
    private static void writeStreamState(Configuration o, Path run, String target) throws Exception {
        // The State Processor API ships its own internal records (TaggedOperatorSubtaskState) through Kryo.
        StreamExecutionEnvironment env = batchEnvironment(o, true);
        String staged = run.toString();
        DataStream<ActivityRow> facts = read(env, staged, Table.ACTIVITY_RELATIONS, ActivityRow.class, Schemas.ACTIVITY)
                .keyBy(ActivityRow::dedupKey, Types.STRING).reduce(new LatestVersion<>()).name("Latest fact versions");
        SavepointWriter writer = SavepointWriter.newSavepoint(env, new EmbeddedRocksDBStateBackend(),
                o.get(BootstrapOptions.MAX_PARALLELISM));
        StreamStateBootstrap.addTo(writer, facts,
                latest(env, staged, Table.MEMBERS, MemberRow.class, Schemas.MEMBER),
                latest(env, staged, Table.ORGANIZATIONS, OrganizationRow.class, Schemas.ORGANIZATION),
                latest(env, staged, Table.SEGMENTS, SegmentRow.class, Schemas.SEGMENT),
                latest(env, staged, Table.REPOSITORIES, RepositoryRow.class, Schemas.REPOSITORY),
                o.get(StreamOptions.DEDUP_TTL));
        writer.write(target);
        env.execute("lambda-bootstrap activities: stream state");
    }

    private static <T extends DimensionRow> DataStream<T> latest(StreamExecutionEnvironment env, String staged,
            Table table, Class<T> type, ParquetSchema<T> schema) throws IOException {
        return read(env, staged, table, type, schema).keyBy(r -> r.id, Types.STRING).reduce(new LatestVersion<>())
                .name("Latest " + table.tableName());
    }

    private static <T> DataStream<T> read(StreamExecutionEnvironment env, String staged, Table table, Class<T> type,
            ParquetSchema<T> schema) throws IOException {
        List<String> files = PruneInputs.listMvFiles(new Path(staged, table.mvDataset())).stream()
                .map(PrunePlanner.MvFile::path).toList();
        return ParquetDatasets.read(env, "staged " + table.mvDataset(), type, schema, files);
    }

    /** The handoff of the last published bootstrap, if any. */
    private static Optional<BootstrapPositions> current(String base) throws IOException {
        try {
            return Optional.of(BootstrapPositions.read(base));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes the runs of killed bootstraps (bootstraps never run at the same time): every run directory but the one
     * holding the state of the last published bootstrap, which a stream may still have to start from.
     */
    private static void removeLeftovers(FileSystem fs, Path dir, Optional<BootstrapPositions> handedOver,
            Consumer<String> log) throws IOException {
        String keep = handedOver.map(BootstrapPositions::streamState).filter(p -> !p.isEmpty())
                .map(p -> new Path(p).getParent().getName()).orElse("");
        FileStatus[] children;
        try {
            children = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus st : children == null ? new FileStatus[0] : children) {
            String name = st.getPath().getName();
            if (st.isDir() && name.startsWith("run-") && !name.equals(keep)) {
                log.accept("removing the leftovers of an unfinished bootstrap: " + st.getPath());
                fs.delete(st.getPath(), true);
            }
        }
    }

    private static void delete(FileSystem fs, Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            // A superseded handoff: removed by the next run's cleanup if not now.
        }
    }

    /**
     * The pipeline's sinks under the staging base. Every row goes to one partition named after the snapshot: a
     * history spans thousands of hours, and one open Parquet writer per hour and subtask would exhaust the memory;
     * the initial merge reads every staged file whatever its partition.
     */
    static final class StagingSinks implements StreamSinks {
        private final String base;
        private final long snapshotId;

        StagingSinks(String base, long snapshotId) {
            this.base = base;
            this.snapshotId = snapshotId;
        }

        private <T> Sink<T> sink(String dataset, String partition, ParquetSchema<T> schema) {
            long s = snapshotId;
            return ParquetDatasets.fileSink(new Path(base, dataset), schema, new SnapshotBucketAssigner<>(partition, r -> s));
        }

        @Override
        public Sink<ActivityRow> activities() {
            return sink(Table.ACTIVITY_RELATIONS.mvDataset(), ParquetDatasets.SNAPSHOT_PARTITION, Schemas.ACTIVITY);
        }

        @Override
        public Sink<MemberRow> members() {
            return sink(Table.MEMBERS.mvDataset(), ParquetDatasets.COMMIT_PARTITION, Schemas.MEMBER);
        }

        @Override
        public Sink<OrganizationRow> organizations() {
            return sink(Table.ORGANIZATIONS.mvDataset(), ParquetDatasets.COMMIT_PARTITION, Schemas.ORGANIZATION);
        }

        @Override
        public Sink<SegmentRow> segments() {
            return sink(Table.SEGMENTS.mvDataset(), ParquetDatasets.COMMIT_PARTITION, Schemas.SEGMENT);
        }

        @Override
        public Sink<RepositoryRow> repositories() {
            return sink(Table.REPOSITORIES.mvDataset(), ParquetDatasets.COMMIT_PARTITION, Schemas.REPOSITORY);
        }

        @Override
        public Sink<DeadLetter> deadLetters() {
            return sink(ParquetDatasets.DEAD_LETTERS, "rejected", Schemas.DEAD_LETTER);
        }

        /**
         * Not part of the bootstrap's graph (it stops before the joins): pull requests are built from the serving
         * snapshot by {@code lambda bootstrap pull-requests}, the PR merge's full recomputation.
         */
        @Override
        public Sink<PullRequestRecord> pullRequests() {
            throw new UnsupportedOperationException("the activities bootstrap writes no pull-request records");
        }
    }
}
