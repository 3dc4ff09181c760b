package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.parquet.FlinkOutputFile;
import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.serving.FaultPoints;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.serving.Staging;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamPipeline;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.model.TouchedPullRequest;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * {@code lambda merge}: publishes serving snapshot S of {@code activityRelations_deduplicated_cleaned} (SPEC §4,
 * append mode). S = the newest version per dedup key over (published and held rows of the previous snapshot) ∪
 * (every MV file not consumed yet whose snapshot partition is ≤ S), tombstones dropped, then the filters and
 * enrichment evaluated again against the current dimensions, which are themselves merged the same way from
 * their MV datasets into the current dimension tables ({@code members}, ...). Runs as one Flink batch job; the
 * driver decides what to read (file-level bookkeeping of consumed MV files in the manifests), stages the output
 * and publishes dimensions first, then activities, each in one atomic step. A merge for a snapshot already
 * published, or older than the latest, changes nothing.
 */
public final class MergeJob {
    /** The serving dataset of activities. */
    public static final String SERVING = "activityRelations_deduplicated_cleaned";

    /** Staging left by a crashed run is cleared after this long (runs never overlap: the scheduler sees to it). */
    private static final Duration STALE_STAGING = Duration.ofHours(1);

    /** What a merge did. */
    public static final class Result {
        public final long snapshotId;
        public final PublishResult outcome;
        public final long rows;
        public final long heldRows;
        public final int mvFilesConsumed;
        /** Files of the previous snapshot copied unread, patched (organization columns), and read. */
        public final int filesCopied;
        public final int filesPatched;
        public final int filesRead;

        Result(long snapshotId, PublishResult outcome, long rows, long heldRows, int mvFilesConsumed, int filesCopied,
                int filesPatched, int filesRead) {
            this.snapshotId = snapshotId;
            this.outcome = outcome;
            this.rows = rows;
            this.heldRows = heldRows;
            this.mvFilesConsumed = mvFilesConsumed;
            this.filesCopied = filesCopied;
            this.filesPatched = filesPatched;
            this.filesRead = filesRead;
        }
    }

    /**
     * A merge that starts from nothing (the bootstrap's initial snapshot, SPEC §7, replace mode): it reads every MV
     * file under {@code mvBasePath} whatever its partition, ignores the previous serving snapshot and the current
     * dimension tables, records {@code superseded} (MV files under the base path, by MV dataset name) as consumed so
     * no later merge reads what the initial snapshot replaced, and adds {@code properties} to the manifests.
     */
    public record Initial(String mvBasePath, Map<String, List<String>> superseded, Map<String, String> properties) {
        List<String> supersededOf(String mvDataset) {
            return superseded.getOrDefault(mvDataset, List.of());
        }
    }

    private MergeJob() {}

    /** The snapshot id an option names: a UTC hour (2024-05-01T11) or instant; empty = the current hour. */
    public static long snapshotId(String option, Clock clock) {
        if (option == null || option.isBlank()) {
            return SnapshotIds.hourOf(clock.millis());
        }
        var parsed = SnapshotStore.parsePartitionValue(option.trim());
        if (parsed.isPresent()) {
            return parsed.getAsLong();
        }
        try {
            return SnapshotIds.hourOf(Instant.parse(option.trim()).toEpochMilli());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--snapshot expects a UTC hour like 2024-05-01T11 or an ISO instant, got '"
                    + option + "'");
        }
    }

    public static Result run(Configuration o, Clock clock, Consumer<String> log) throws Exception {
        return run(o, clock, log, rows -> rows);
    }

    /** Runs the merge with a transformation of the enriched rows before they are written (tests inject faults). */
    public static Result run(Configuration o, Clock clock, Consumer<String> log,
            UnaryOperator<DataStream<ActivityRow>> tap) throws Exception {
        return run(o, clock, log, tap, null);
    }

    /** Runs the merge, or with {@code initial} the initial snapshot of a bootstrap (see {@link Initial}). */
    public static Result run(Configuration o, Clock clock, Consumer<String> log,
            UnaryOperator<DataStream<ActivityRow>> tap, Initial initial) throws Exception {
        String base = StreamJob.absolute(o.get(MergeOptions.BASE_PATH));
        long started = System.nanoTime();
        long s = snapshotId(o.get(MergeOptions.SNAPSHOT), clock);
        String label = SnapshotIds.partitionValue(s);
        SnapshotStore serving = SnapshotStore.open(new Path(base, SERVING));
        Optional<PublishResult> skip = serving.skipReason(s);
        if (skip.isPresent()) {
            log.accept("snapshot " + label + ": nothing to do (" + skip.get().name().toLowerCase().replace('_', ' ')
                    + ", latest is " + serving.latest().map(SnapshotIds::partitionValue).orElse("none") + ")");
            return new Result(s, skip.get(), 0, 0, 0, 0, 0, 0);
        }
        serving.abandonStale(STALE_STAGING);
        Optional<SnapshotManifest> previous = initial == null && serving.latest().isPresent()
                ? Optional.of(serving.manifest(serving.latest().get())) : Optional.empty();
        String mvBase = initial == null ? base : StreamJob.absolute(initial.mvBasePath());

        // What to read: the previous snapshot, and MV files not consumed yet with a partition <= S.
        List<String> previousFiles = new ArrayList<>();
        List<String> previousHeld = new ArrayList<>();
        previous.ifPresent(p -> {
            previousFiles.addAll(SnapshotFiles.published(serving, p));
            previousHeld.addAll(SnapshotFiles.held(serving, p));
        });
        List<String> newMvFiles = SnapshotFiles.unconsumedMvFiles(new Path(mvBase,
                Table.ACTIVITY_RELATIONS.mvDataset()), previous, initial != null ? Long.MAX_VALUE : s); // initial: all

        Map<Table, DimensionPlan<?>> dims = new LinkedHashMap<>();
        dims.put(Table.MEMBERS, plan(base, mvBase, s, Table.MEMBERS, MemberRow.class, Schemas.MEMBER, initial));
        dims.put(Table.ORGANIZATIONS,
                plan(base, mvBase, s, Table.ORGANIZATIONS, OrganizationRow.class, Schemas.ORGANIZATION, initial));
        dims.put(Table.SEGMENTS, plan(base, mvBase, s, Table.SEGMENTS, SegmentRow.class, Schemas.SEGMENT, initial));
        dims.put(Table.REPOSITORIES,
                plan(base, mvBase, s, Table.REPOSITORIES, RepositoryRow.class, Schemas.REPOSITORY, initial));

        // Old files no new row supersedes and no changed dimension touches are copied unread (CarryOver).
        DimensionPlan<?> repositories = dims.get(Table.REPOSITORIES);
        // A rerun after a crash between publishing the dimensions and the activities finds the dimensions of S
        // published already, with no record of what changed: every old row goes through the keyed steps then.
        boolean dimensionsKnown = dims.values().stream().noneMatch(d -> d.reuse);
        // With no previous snapshot (first merge, bootstrap) there is nothing to carry over: no need to look.
        Touched touched = o.get(MergeOptions.CARRY_OVER) && dimensionsKnown && previous.isPresent()
                ? CarryOver.touched(newMvFiles, dimension(dims, Table.MEMBERS, MemberRow.class),
                        dimension(dims, Table.ORGANIZATIONS, OrganizationRow.class),
                        dimension(dims, Table.SEGMENTS, SegmentRow.class),
                        repositories.newMvFiles, repositories.previousFiles())
                : Touched.everything();
        CarryOver.Plan carry = CarryOver.plan(touched, previousFiles, previousHeld,
                o.get(MergeOptions.COMPACT_BELOW).getBytes());
        long rowGroupBytes = o.get(MergeOptions.ROW_GROUP_SIZE).getBytes();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (o.get(MergeOptions.PARALLELISM) > 0) {
            env.setParallelism(o.get(MergeOptions.PARALLELISM));
        }
        Staging staging = serving.stage(s);

        if (!carry.copy().isEmpty() || !carry.patch().isEmpty()) {
            String target = staging.dataDir().toString();
            Set<String> patch = new HashSet<>(carry.patch());
            OrganizationPatch organizations = touched.organizationPatch();
            List<String> files = new ArrayList<>(carry.copy());
            files.addAll(carry.patch());
            // Parallelism set here, not inferred: the adaptive batch scheduler sizes a stage by its input bytes,
            // and a list of file names would get one subtask for what is the merge's largest piece of work.
            int copiers = Math.max(1, Math.min(files.size(), env.getParallelism()));
            env.fromData(files, Types.STRING).name("Old files to copy or patch")
                    .rebalance()
                    .map(f -> {
                        if (patch.contains(f)) {
                            organizations.patch(f, new Path(target));
                        } else {
                            CarryOver.copy(f, new Path(target));
                        }
                        return f;
                    }).name("Copy untouched files, patch organization columns").setParallelism(copiers)
                    .sinkTo(new DiscardingSink<>()).name("Copied").setParallelism(copiers);
        }

        // Old rows read: the untouched ones are written back as they are, in file order (kept sorted), the
        // touched ones join the new MV rows in the keyed steps.
        SingleOutputStreamOperator<ActivityRow> untouched = ParquetDatasets.read(env, "old files", ActivityRow.class,
                Schemas.ACTIVITY, carry.read())
                .process(new SplitTouched(touched)).name("Split rows the delta may change");
        untouched.filter(r -> r.heldReason.isEmpty()).name("Untouched published")
                .sinkTo(servingSink(staging.dataDir(), rowGroupBytes)).name("Untouched published rows");
        untouched.filter(r -> !r.heldReason.isEmpty()).name("Untouched held")
                .sinkTo(servingSink(staging.heldDir(), rowGroupBytes)).name("Untouched held rows");

        DataStream<ActivityRow> changing = ParquetDatasets.read(env, "activities", ActivityRow.class, Schemas.ACTIVITY,
                newMvFiles).union(untouched.getSideOutput(SplitTouched.TOUCHED));
        // Every row that may change is in `changing` (copied, patched and untouched rows keep the PR events they
        // carry: an organization's name is no PR attribute): their PR keys are what the PR merge recomputes.
        Path touchedPullRequests = new Path(staging.dataDir(), PullRequestMergeJob.TOUCHED_DIR);
        changing.filter(r -> PullRequestTypes.isPullRequestType(r.type)).name("PR events")
                .map(r -> new TouchedPullRequest(PullRequestTypes.key(r.type, r.sourceId, r.sourceParentId)),
                        TypeInformation.of(TouchedPullRequest.class)).name("PR keys")
                .filter(t -> !t.sourceId.isEmpty()).name("PR keys not empty")
                .sinkTo(parquet(touchedPullRequests, Schemas.PULL_REQUEST_TOUCHED)).name("Touched pull requests");
        DataStream<ActivityRow> latest = changing
                .keyBy(ActivityRow::dedupKey, Types.STRING)
                .reduce(new LatestVersion<>()).name("Latest version per key")
                .filter(r -> !r.isDeleted).name("Drop tombstones");
        StreamPipeline.Enrichment e = StreamPipeline.enrich(latest,
                current(env, dims, Table.MEMBERS, MemberRow.class, s),
                current(env, dims, Table.ORGANIZATIONS, OrganizationRow.class, s),
                current(env, dims, Table.SEGMENTS, SegmentRow.class, s),
                current(env, dims, Table.REPOSITORIES, RepositoryRow.class, s),
                Duration.ZERO); // batch: a key's timers fire when its input ends, so nothing waits for time

        // Sorted by timestamp (batch mode sorts a keyed input by key) so that the files' timestamp ranges stay
        // narrow and the next merge can copy them.
        DataStream<ActivityRow> enriched = tap.apply(e.rows)
                .keyBy(r -> r.timestamp, Types.LONG)
                .map(r -> stamp(r, s)).name("Snapshot id, by timestamp");
        enriched.filter(r -> r.heldReason.isEmpty()).name("Published")
                .sinkTo(servingSink(staging.dataDir(), rowGroupBytes)).name("Published rows");
        enriched.filter(r -> !r.heldReason.isEmpty()).name("Held")
                .sinkTo(servingSink(staging.heldDir(), rowGroupBytes)).name("Held rows");
        log.accept(String.format("snapshot %s: planned in %.1f s: %d new MV files; of the previous snapshot's %d files"
                + " %d copied, %d patched, %d read (%s)", label, (System.nanoTime() - started) / 1e9, newMvFiles.size(), previousFiles.size() + previousHeld.size(),
                carry.copy().size(), carry.patch().size(), carry.read().size(), touched.everythingTouched() ? "every row re-merged"
                        : String.format("%,d delta timestamps, %d changed dimension ids", touched.deltaTimestamps(),
                                touched.members().size() + touched.organizations().size() + touched.segments().size())));
        long jobStarted = System.nanoTime();
        env.execute("lambda-merge " + label);
        log.accept(String.format("snapshot %s: batch job done in %.1f s", label, (System.nanoTime() - jobStarted) / 1e9));
        FaultPoints.at("merge " + label + ": batch job done"); // tests kill the run here (nothing published yet)
        if (SnapshotFiles.parquetFiles(touchedPullRequests).isEmpty()) { // "none touched" needs a file to say so
            writeEmpty(new Path(touchedPullRequests, "part-none.parquet"), Schemas.PULL_REQUEST_TOUCHED);
        }

        // Publish the dimensions first: the activities' manifest names the dimension snapshots it used.
        Map<String, Long> dimensionSnapshots = new LinkedHashMap<>();
        for (DimensionPlan<?> d : dims.values()) {
            d.publish(s, clock.millis(), log);
            dimensionSnapshots.put(d.store.dataset(), s);
        }
        List<SnapshotManifest.FileEntry> files = SnapshotManifest.parquetEntries(staging.dataDir(), "");
        List<SnapshotManifest.FileEntry> held = SnapshotManifest.parquetEntries(staging.heldDir(), Staging.heldRelative(""));
        FileSystem fs = new Path(base).getFileSystem();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mvFilesConsumed", Integer.toString(newMvFiles.size()));
        if (initial != null) {
            properties.putAll(initial.properties());
        }
        SnapshotManifest manifest = SnapshotManifest.of(s, clock.millis(), SERVING, files, held,
                previous.map(SnapshotManifest::snapshotId).orElse(null),
                initial != null ? initial.supersededOf(Table.ACTIVITY_RELATIONS.mvDataset())
                        : SnapshotManifest.nextConsumedMvFiles(
                                previous.map(SnapshotManifest::consumedMvFiles).orElse(List.of()), newMvFiles,
                                p -> SnapshotFiles.exists(fs, p)),
                dimensionSnapshots, properties);
        PublishResult outcome = serving.publish(staging, manifest);
        log.accept(String.format("snapshot %s: %s, %,d rows published, %,d held", label,
                outcome.name().toLowerCase().replace('_', ' '), manifest.rowCount(), manifest.heldCount()));
        return new Result(s, outcome, manifest.rowCount(), manifest.heldCount(), newMvFiles.size(),
                carry.copy().size(), carry.patch().size(), carry.read().size());
    }

    private static ActivityRow stamp(ActivityRow r, long snapshotId) {
        r.snapshotId = snapshotId;
        return r;
    }

    /** How one current dimension table is produced: reused if already published for S, else merged. */
    private static final class DimensionPlan<T extends DimensionRow> {
        final SnapshotStore store;
        final Class<T> type;
        final ParquetSchema<T> schema;
        final List<String> inputs;
        final List<String> newMvFiles;
        final Optional<SnapshotManifest> previous;
        final boolean reuse;
        /** Initial snapshot: the MV files it records as consumed; null for a merge. */
        final List<String> superseded;
        Staging staging;

        /** The files of the current table before this merge. */
        List<String> previousFiles() {
            return previous.map(p -> snapshotFiles(store, p)).orElse(List.of());
        }

        DimensionPlan(SnapshotStore store, Class<T> type, ParquetSchema<T> schema, List<String> inputs,
                List<String> newMvFiles, Optional<SnapshotManifest> previous, boolean reuse, List<String> superseded) {
            this.store = store;
            this.type = type;
            this.schema = schema;
            this.inputs = inputs;
            this.newMvFiles = newMvFiles;
            this.previous = previous;
            this.reuse = reuse;
            this.superseded = superseded;
        }

        DataStream<T> build(StreamExecutionEnvironment env, long s) throws IOException {
            DataStream<T> rows = ParquetDatasets.read(env, store.dataset(), type, schema, inputs);
            if (reuse) {
                return rows;
            }
            DataStream<T> latest = rows.keyBy(r -> r.id, Types.STRING).reduce(new LatestVersion<>())
                    .name("Latest " + store.dataset());
            staging = store.stage(s);
            return latest;
        }

        void publish(long s, long now, Consumer<String> log) throws IOException {
            if (reuse) {
                return;
            }
            FileSystem fs = store.root().getFileSystem();
            SnapshotManifest m = SnapshotManifest.of(s, now, store.dataset(), SnapshotManifest.parquetEntries(staging.dataDir(), ""),
                    List.of(), previous.map(SnapshotManifest::snapshotId).orElse(null),
                    superseded != null ? superseded : SnapshotManifest.nextConsumedMvFiles(
                            previous.map(SnapshotManifest::consumedMvFiles).orElse(List.of()), newMvFiles,
                            p -> SnapshotFiles.exists(fs, p)),
                    Map.of(), Map.of());
            PublishResult r = store.publish(staging, m);
            log.accept(String.format("  %s: %s, %,d rows", store.dataset(), r.name().toLowerCase().replace('_', ' '),
                    m.rowCount()));
        }
    }

    private static <T extends DimensionRow> DimensionPlan<T> plan(String base, String mvBase, long s, Table table,
            Class<T> type, ParquetSchema<T> schema, Initial initial) throws IOException {
        SnapshotStore store = SnapshotStore.open(new Path(base, table.tableName()));
        if (store.isPublished(s)) { // a rerun after a crash between publishing dimensions and activities
            return new DimensionPlan<>(store, type, schema, snapshotFiles(store, store.manifest(s)), List.of(),
                    Optional.empty(), true, null);
        }
        store.abandonStale(STALE_STAGING);
        Optional<SnapshotManifest> previous = initial == null && store.latest().isPresent()
                ? Optional.of(store.manifest(store.latest().get())) : Optional.empty();
        List<String> inputs = new ArrayList<>();
        previous.ifPresent(p -> inputs.addAll(snapshotFiles(store, p)));
        List<String> fresh = SnapshotFiles.unconsumedMvFiles(new Path(mvBase, table.mvDataset()), previous, Long.MAX_VALUE);
        inputs.addAll(fresh);
        return new DimensionPlan<>(store, type, schema, inputs, fresh, previous, false,
                initial == null ? null : initial.supersededOf(table.mvDataset()));
    }

    @SuppressWarnings("unchecked")
    private static <T extends DimensionRow> CarryOver.Dimension<T> dimension(Map<Table, DimensionPlan<?>> dims,
            Table table, Class<T> type) {
        DimensionPlan<T> d = (DimensionPlan<T>) dims.get(table);
        return new CarryOver.Dimension<>(type, d.schema, d.newMvFiles, d.previousFiles());
    }

    @SuppressWarnings("unchecked")
    private static <T extends DimensionRow> DataStream<T> current(StreamExecutionEnvironment env,
            Map<Table, DimensionPlan<?>> dims, Table table, Class<T> type, long s) throws IOException {
        DimensionPlan<T> d = (DimensionPlan<T>) dims.get(table);
        DataStream<T> latest = d.build(env, s);
        if (!d.reuse) {
            latest.sinkTo(parquet(d.staging.dataDir(), d.schema)).name(d.store.dataset());
        }
        return latest;
    }

    private static <T> FileSink<T> parquet(Path dir, ParquetSchema<T> schema) {
        return ParquetDatasets.fileSink(dir, schema, new BasePathBucketAssigner<>());
    }

    /** The absolute paths of a published snapshot's files, held ones included. */
    private static List<String> snapshotFiles(SnapshotStore store, SnapshotManifest m) {
        List<String> out = new ArrayList<>(SnapshotFiles.published(store, m));
        out.addAll(SnapshotFiles.held(store, m));
        return out;
    }

    /** A Parquet file with the schema's columns and no row. */
    private static <T> void writeEmpty(Path file, ParquetSchema<T> schema) throws IOException {
        try (FSDataOutputStream out = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
            RowParquetWriters.open(new FlinkOutputFile(out), schema).close();
        }
    }

    private static FileSink<ActivityRow> servingSink(Path dir, long rowGroupBytes) {
        return ParquetDatasets.servingSink(dir, Schemas.ACTIVITY, rowGroupBytes, CarryOver.BLOOM_COLUMNS);
    }

}
