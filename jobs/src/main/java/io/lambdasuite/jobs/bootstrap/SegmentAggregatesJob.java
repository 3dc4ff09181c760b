package io.lambdasuite.jobs.bootstrap;

import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.serving.Staging;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.SegmentAggregateRow;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.util.Collector;

/**
 * {@code lambda bootstrap segment-aggregates} (SPEC §7, reference-schema.md §6): from the latest published serving
 * snapshot of activities, per segmentId over rows with isContribution true, the number of distinct non-empty
 * memberIds ({@code contributorCount}) and of distinct non-empty organizationIds ({@code organizationCount}), written
 * as one snapshot of {@code segments_aggregated} with the activities snapshot's id (replace mode: readers take the
 * newest, older ones go with pruning). A Flink batch job: distinct (segment, member) and (segment, organization)
 * pairs first, then a count per segment, so no segment's sets are ever held in memory. Staged and published
 * atomically; a run for a snapshot already aggregated changes nothing, so reruns give the same data.
 */
public final class SegmentAggregatesJob {
    /** The dataset under the base path. */
    public static final String DATASET = "segments_aggregated";

    private static final Duration STALE_STAGING = Duration.ofHours(1);
    private static final String MEMBER = "m";
    private static final String ORGANIZATION = "o";

    /** What a run did. */
    public static final class Result {
        /** The activities snapshot aggregated; null when there is none yet. */
        public final Long snapshotId;
        public final PublishResult outcome;
        public final long segments;

        Result(Long snapshotId, PublishResult outcome, long segments) {
            this.snapshotId = snapshotId;
            this.outcome = outcome;
            this.segments = segments;
        }

        /** One line for logs and the scheduler's job log. */
        public String describe() {
            return snapshotId == null ? "no published activities snapshot yet"
                    : String.format("%s %s: %,d segments", SnapshotIds.partitionValue(snapshotId),
                            outcome.name().toLowerCase().replace('_', ' '), segments);
        }
    }

    private SegmentAggregatesJob() {}

    public static Result run(Configuration o, Clock clock, Consumer<String> log) throws Exception {
        String base = StreamJob.absolute(o.get(MergeOptions.BASE_PATH));
        SnapshotStore activities = SnapshotStore.open(new Path(base, MergeJob.SERVING));
        Optional<Long> latest = activities.latest();
        if (latest.isEmpty()) {
            Result r = new Result(null, PublishResult.ALREADY_PUBLISHED, 0);
            log.accept("segment aggregates: nothing to do, " + r.describe());
            return r;
        }
        long s = latest.get();
        String label = SnapshotIds.partitionValue(s);
        SnapshotStore aggregates = SnapshotStore.open(new Path(base, DATASET));
        Optional<PublishResult> skip = aggregates.skipReason(s);
        if (skip.isPresent()) {
            Result r = new Result(s, skip.get(), 0);
            log.accept("segment aggregates: nothing to do, " + r.describe());
            return r;
        }
        aggregates.abandonStale(STALE_STAGING);
        SnapshotManifest source = activities.manifest(s);
        List<String> files = new ArrayList<>();
        for (SnapshotManifest.FileEntry f : source.files()) { // published rows only, never the held ones
            files.add(new Path(activities.snapshotDir(s), f.path()).toString());
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (o.get(MergeOptions.PARALLELISM) > 0) {
            env.setParallelism(o.get(MergeOptions.PARALLELISM));
        }
        Staging staging = aggregates.stage(s);
        aggregate(ParquetDatasets.read(env, "activities " + label, ActivityRow.class, Schemas.ACTIVITY, files), s)
                .sinkTo(ParquetDatasets.fileSink(staging.dataDir(), Schemas.SEGMENT_AGGREGATE,
                        new BasePathBucketAssigner<>())).name(DATASET);
        log.accept(String.format("segment aggregates of snapshot %s: %,d rows in %d files", label, source.rowCount(),
                files.size()));
        env.execute("lambda-bootstrap segment-aggregates " + label);

        SnapshotManifest manifest = SnapshotManifest.of(s, clock.millis(), DATASET,
                SnapshotManifest.parquetEntries(staging.dataDir(), ""), List.of(), null, List.of(),
                Map.of(MergeJob.SERVING, s), Map.of());
        PublishResult outcome = aggregates.publish(staging, manifest);
        Result r = new Result(s, outcome, manifest.rowCount());
        log.accept("segment aggregates: " + r.describe());
        return r;
    }

    /**
     * The aggregation itself: distinct (segment, member) and (segment, organization) pairs of contributions, then
     * their count per segment. Every segment with a contribution gets a row (counts may be 0 for organizations).
     */
    static DataStream<SegmentAggregateRow> aggregate(DataStream<ActivityRow> rows, long snapshotId) {
        TypeInformation<Tuple3<String, String, String>> pair = Types.TUPLE(Types.STRING, Types.STRING, Types.STRING);
        return rows
                .filter(r -> r.isContribution && !r.isDeleted).name("Contributions")
                .flatMap((ActivityRow r, Collector<Tuple3<String, String, String>> out) -> {
                    out.collect(Tuple3.of(r.segmentId, MEMBER, r.memberId));
                    out.collect(Tuple3.of(r.segmentId, ORGANIZATION, r.organizationId));
                }, pair).name("Members and organizations")
                .keyBy(p -> p.f0 + '\u0000' + p.f1 + '\u0000' + p.f2, Types.STRING)
                .reduce((a, b) -> a).name("Distinct per segment")
                .map(p -> new SegmentAggregateRow(p.f0, p.f1.equals(MEMBER) && !p.f2.isEmpty() ? 1 : 0,
                        p.f1.equals(ORGANIZATION) && !p.f2.isEmpty() ? 1 : 0, snapshotId),
                        TypeInformation.of(SegmentAggregateRow.class)).name("Count")
                .keyBy(a -> a.segmentId, Types.STRING)
                .reduce(SegmentAggregateRow::plus).name("Counts per segment");
    }
}
