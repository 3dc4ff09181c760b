package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.parquet.RowParquetReaders;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.parquet.YearBucketAssigner;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.serving.Staging;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.TouchedPullRequest;
import io.lambdasuite.udfs.rules.PullRequestRule;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;

/**
 * {@code lambda merge --dataset pull_requests} and {@code lambda bootstrap pull-requests}: publishes the one
 * snapshot of {@code pull_requests_analyzed} (SPEC §6, replace mode): the PR rule ({@link PullRequestRule}) over
 * the PR events of a published activities snapshot (its published rows; held rows are not PR events). The PR
 * snapshot takes the id of the activities snapshot it is computed from, so a rerun over the same activities
 * snapshot changes nothing.
 *
 * <p>Incremental ({@link PullRequestMergePlan}): only the PRs touched since the previous PR snapshot are
 * recomputed, from all their events in the activities snapshot; the other records are carried over unchanged. The
 * touched keys are those of the {@code _pr_touched} datasets of every activities snapshot since the one the
 * previous PR snapshot was built from, and of the PR MV rows not consumed yet (file-level bookkeeping in the
 * manifest, as for the activities merge). Without that unbroken chain, it recomputes every PR.
 *
 * <p>Layout: {@code pull_requests_analyzed/snapshot=<activities snapshot>/openedYear=YYYY/part-*.parquet} and
 * {@code _manifest.json}, staged and published in one atomic step by {@link SnapshotStore}; the previous snapshot
 * is removed only after the new one is published (manifest first), so readers always find exactly one complete
 * snapshot as the latest.
 */
public final class PullRequestMergeJob {
    /** The serving dataset of pull requests. */
    public static final String SERVING = "pull_requests_analyzed";
    /** The hidden dataset of touched PR keys inside an activities snapshot, written by the activities merge. */
    public static final String TOUCHED_DIR = "_pr_touched";
    /** The partition key inside a PR snapshot: the UTC year of openedAt. */
    public static final String OPENED_YEAR = "openedYear";

    /**
     * Above this many touched keys a run recomputes every PR instead: the keys travel inside the job graph, and
     * recomputing most PRs costs about as much as recomputing all of them.
     */
    static final int MAX_INCREMENTAL_KEYS = 200_000;

    /** Staging left by a crashed run is cleared after this long (runs never overlap: the scheduler sees to it). */
    private static final Duration STALE_STAGING = Duration.ofHours(1);

    /** What a run did. */
    public static final class Result {
        /** The PR snapshot id: the activities snapshot it was computed from. */
        public final long snapshotId;
        public final PublishResult outcome;
        public final long rows;
        public final boolean full;
        public final String reason;
        /** Incremental runs: how many PR keys were recomputed from the activities snapshot. */
        public final int touchedKeys;
        public final int mvFilesConsumed;

        Result(long snapshotId, PublishResult outcome, long rows, boolean full, String reason, int touchedKeys,
                int mvFilesConsumed) {
            this.snapshotId = snapshotId;
            this.outcome = outcome;
            this.rows = rows;
            this.full = full;
            this.reason = reason;
            this.touchedKeys = touchedKeys;
            this.mvFilesConsumed = mvFilesConsumed;
        }
    }

    private PullRequestMergeJob() {}

    /**
     * Publishes the PR snapshot of the activities snapshot named by {@code --snapshot} (default: the latest
     * published one). {@code forceFull} recomputes every PR (the bootstrap).
     */
    public static Result run(Configuration o, Clock clock, Consumer<String> log, boolean forceFull) throws Exception {
        String base = StreamJob.absolute(o.get(MergeOptions.BASE_PATH));
        SnapshotStore activities = SnapshotStore.open(new Path(base, MergeJob.SERVING));
        SnapshotStore prs = SnapshotStore.open(new Path(base, SERVING));
        long target = target(o, clock, activities);
        String label = SnapshotIds.partitionValue(target);

        Optional<PublishResult> skip = prs.skipReason(target);
        if (skip.isPresent()) {
            log.accept("pull requests of activities snapshot " + label + ": nothing to do (" + describe(skip.get())
                    + ", latest is " + prs.latest().map(SnapshotIds::partitionValue).orElse("none") + ")");
            removeOlder(prs, prs.latest().orElse(target), log); // completes a run that crashed right after publishing
            return new Result(target, skip.get(), 0, forceFull, "", 0, 0);
        }
        prs.abandonStale(STALE_STAGING);
        Optional<SnapshotManifest> previous = prs.latest().isPresent()
                ? Optional.of(prs.manifest(prs.latest().get())) : Optional.empty();
        Long builtFrom = previous.map(m -> m.consumedDimensionSnapshots().get(MergeJob.SERVING)).orElse(null);

        // PR MV files not consumed yet: their keys are touched, and this snapshot consumes them
        List<String> newMvFiles = SnapshotFiles.unconsumedMvFiles(new Path(base, ParquetDatasets.PULL_REQUEST_MV),
                previous, Long.MAX_VALUE);

        PullRequestMergePlan plan = PullRequestMergePlan.decide(builtFrom, target, forceFull,
                id -> activitiesSnapshot(activities, id));
        Set<String> touched = new HashSet<>();
        if (!plan.full()) {
            for (long id : plan.touchedSnapshots()) {
                for (Path f : SnapshotFiles.parquetFiles(new Path(activities.snapshotDir(id), TOUCHED_DIR))) {
                    readKeys(f, touched);
                }
            }
            for (String f : newMvFiles) {
                readKeys(new Path(f), touched);
            }
            if (touched.size() > MAX_INCREMENTAL_KEYS) {
                plan = new PullRequestMergePlan(true, touched.size() + " touched pull requests: recomputing all",
                        List.of());
            }
        }
        log.accept(String.format("pull requests of activities snapshot %s: %s (%s)%s", label,
                plan.full() ? "full recomputation" : "incremental", plan.reason(),
                plan.full() ? "" : String.format(", %,d touched pull requests", touched.size())));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (o.get(MergeOptions.PARALLELISM) > 0) {
            env.setParallelism(o.get(MergeOptions.PARALLELISM));
        }
        SnapshotManifest source = activities.manifest(target);
        DataStream<PullRequestRecord> records = ParquetDatasets.read(env, "activities", PullRequestEvent.class,
                Schemas.ACTIVITY_AS_PULL_REQUEST_EVENT, SnapshotFiles.published(activities, source))
                .flatMap(new PullRequestEventsOfSnapshot(plan.full() ? null : touched),
                        TypeInformation.of(PullRequestEvent.class))
                .name("Pull request events")
                .keyBy(e -> e.pullRequestKey, Types.STRING)
                .window(GlobalWindows.createWithEndOfStreamTrigger())
                .process(new RuleOverEvents(), TypeInformation.of(PullRequestRecord.class))
                .name("Pull request rule");
        if (!plan.full()) {
            records = records.union(ParquetDatasets.read(env, "previous pull requests", PullRequestRecord.class,
                    Schemas.PULL_REQUEST, SnapshotFiles.published(prs, previous.get()))
                    .filter(new CarriedOver(touched)).name("Carried over"));
        }
        Staging staging = prs.stage(target);
        records.sinkTo(ParquetDatasets.fileSink(staging.dataDir(), Schemas.PULL_REQUEST,
                new YearBucketAssigner<>(OPENED_YEAR, r -> r.openedAt))).name(SERVING);
        JobExecutionResult job = env.execute("lambda-merge pull_requests " + label);
        long recomputed = counter(job, RuleOverEvents.RECOMPUTED);
        long carried = counter(job, CarriedOver.CARRIED);
        log.accept(String.format("  %,d pull request events read (%,d without a pull request key, ignored):"
                + " %,d pull requests recomputed, %,d carried over", counter(job, PullRequestEventsOfSnapshot.EVENTS),
                counter(job, PullRequestEventsOfSnapshot.WITHOUT_KEY), recomputed, carried));

        FileSystem fs = new Path(base).getFileSystem();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mode", plan.full() ? "full" : "incremental");
        properties.put("reason", plan.reason());
        properties.put("touchedPullRequests", Integer.toString(plan.full() ? 0 : touched.size()));
        properties.put("recomputed", Long.toString(recomputed));
        properties.put("carriedOver", Long.toString(carried));
        properties.put("mvFilesConsumed", Integer.toString(newMvFiles.size()));
        SnapshotManifest manifest = SnapshotManifest.of(target, clock.millis(), SERVING, entries(staging.dataDir()),
                List.of(), previous.map(SnapshotManifest::snapshotId).orElse(null),
                SnapshotManifest.nextConsumedMvFiles(previous.map(SnapshotManifest::consumedMvFiles).orElse(List.of()),
                        newMvFiles, p -> SnapshotFiles.exists(fs, p)),
                Map.of(MergeJob.SERVING, target), properties);
        PublishResult outcome = prs.publish(staging, manifest);
        if (outcome == PublishResult.PUBLISHED) {
            removeOlder(prs, target, log);
        }
        log.accept(String.format("pull requests of activities snapshot %s: %s, %,d pull requests", label,
                describe(outcome), manifest.rowCount()));
        return new Result(target, outcome, manifest.rowCount(), plan.full(), plan.reason(),
                plan.full() ? 0 : touched.size(), newMvFiles.size());
    }

    /** The activities snapshot to compute from: {@code --snapshot} (must be published) or the latest. */
    private static long target(Configuration o, Clock clock, SnapshotStore activities) throws IOException {
        String option = o.get(MergeOptions.SNAPSHOT);
        if (option == null || option.isBlank()) {
            return activities.latest().orElseThrow(() -> new IllegalStateException(
                    "no published snapshot of " + MergeJob.SERVING + " yet: run lambda merge (or a bootstrap) first"));
        }
        long id = MergeJob.snapshotId(option, clock);
        if (!activities.isPublished(id)) {
            throw new IllegalArgumentException("--snapshot " + SnapshotIds.partitionValue(id) + ": no published snapshot"
                    + " of " + MergeJob.SERVING + " with that id");
        }
        return id;
    }

    private static Optional<PullRequestMergePlan.ActivitiesSnapshot> activitiesSnapshot(SnapshotStore activities,
            long id) throws IOException {
        if (!activities.isPublished(id)) {
            return Optional.empty();
        }
        SnapshotManifest m = activities.manifest(id);
        return Optional.of(new PullRequestMergePlan.ActivitiesSnapshot(m.previousSnapshotId(),
                hasTouchedKeys(activities, id)));
    }

    /**
     * Whether an activities snapshot carries its touched PR keys: {@code _pr_touched/} holds at least one Parquet
     * file (possibly of zero rows: no PR changed). A directory alone does not count: object stores have none.
     */
    static boolean hasTouchedKeys(SnapshotStore activities, long id) throws IOException {
        return !SnapshotFiles.parquetFiles(new Path(activities.snapshotDir(id), TOUCHED_DIR)).isEmpty();
    }

    /** Removes every published PR snapshot older than {@code keep}: manifest first, so none is seen half-deleted. */
    private static void removeOlder(SnapshotStore prs, long keep, Consumer<String> log) throws IOException {
        FileSystem fs = prs.fileSystem();
        for (long id : prs.listPublished()) {
            if (id < keep) {
                fs.delete(prs.manifestPath(id), false);
                fs.delete(prs.snapshotDir(id), true);
                log.accept("  replaced pull request snapshot " + SnapshotIds.partitionValue(id));
            }
        }
    }

    private static String describe(PublishResult r) {
        return r.name().toLowerCase().replace('_', ' ');
    }

    private static void readKeys(Path file, Set<String> keys) throws IOException {
        RowParquetReaders.forEach(file, TouchedPullRequest.class, Schemas.PULL_REQUEST_TOUCHED, k -> {
            if (!k.sourceId.isEmpty()) {
                keys.add(k.sourceId);
            }
        });
    }

    /** The Parquet files of the staged {@code openedYear=YYYY/} partitions, as manifest entries. */
    private static List<SnapshotManifest.FileEntry> entries(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        List<SnapshotManifest.FileEntry> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus partition : fs.listStatus(dir)) {
            String name = partition.getPath().getName();
            if (partition.isDir() && name.startsWith(OPENED_YEAR + "=")) {
                out.addAll(SnapshotManifest.parquetEntries(partition.getPath(), name + "/"));
            }
        }
        return out;
    }

    private static long counter(JobExecutionResult job, String name) {
        Object v = job.getAccumulatorResult(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /**
     * The PR events of a serving snapshot's rows (read as {@link PullRequestEvent} projections): PR types only,
     * with their PR key; events without one are ignored and counted; with {@code only}, just those PRs' events.
     */
    static final class PullRequestEventsOfSnapshot extends RichFlatMapFunction<PullRequestEvent, PullRequestEvent> {
        private static final long serialVersionUID = 1L;
        static final String EVENTS = "pullRequestEvents";
        static final String WITHOUT_KEY = "pullRequestEventsWithoutKey";

        private final HashSet<String> only;
        private transient LongCounter events;
        private transient LongCounter withoutKey;

        PullRequestEventsOfSnapshot(Set<String> only) {
            this.only = only == null ? null : new HashSet<>(only);
        }

        @Override
        public void open(OpenContext openContext) {
            events = getRuntimeContext().getLongCounter(EVENTS);
            withoutKey = getRuntimeContext().getLongCounter(WITHOUT_KEY);
        }

        @Override
        public void flatMap(PullRequestEvent e, Collector<PullRequestEvent> out) {
            if (!PullRequestTypes.isPullRequestType(e.type)) {
                return;
            }
            e.identify();
            if (e.pullRequestKey.isEmpty()) {
                withoutKey.add(1);
                return;
            }
            if (only == null || only.contains(e.pullRequestKey)) {
                events.add(1);
                out.collect(e);
            }
        }
    }

    /** All events of one PR key (the snapshot holds one current version of each): the rule, once. */
    static final class RuleOverEvents
            extends ProcessWindowFunction<PullRequestEvent, PullRequestRecord, String, GlobalWindow> {
        private static final long serialVersionUID = 1L;
        static final String RECOMPUTED = "pullRequestsRecomputed";

        private transient LongCounter recomputed;

        @Override
        public void open(OpenContext openContext) {
            recomputed = getRuntimeContext().getLongCounter(RECOMPUTED);
        }

        @Override
        public void process(String key, Context context, Iterable<PullRequestEvent> events,
                Collector<PullRequestRecord> out) {
            PullRequestRecord r = PullRequestRule.apply(key, PullRequestRule.current(events));
            if (r != null) {
                recomputed.add(1);
                out.collect(r);
            }
        }
    }

    /** The previous snapshot's records of the PRs not recomputed. */
    static final class CarriedOver extends RichFilterFunction<PullRequestRecord> {
        private static final long serialVersionUID = 1L;
        static final String CARRIED = "pullRequestsCarriedOver";

        private final HashSet<String> recomputed;
        private transient LongCounter carried;

        CarriedOver(Set<String> recomputed) {
            this.recomputed = new HashSet<>(recomputed);
        }

        @Override
        public void open(OpenContext openContext) {
            carried = getRuntimeContext().getLongCounter(CARRIED);
        }

        @Override
        public boolean filter(PullRequestRecord r) {
            if (recomputed.contains(r.sourceId)) {
                return false;
            }
            carried.add(1);
            return true;
        }
    }
}
