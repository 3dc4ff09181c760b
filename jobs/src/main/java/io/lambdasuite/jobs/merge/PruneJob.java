package io.lambdasuite.jobs.merge;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.bootstrap.SegmentAggregatesJob;
import io.lambdasuite.jobs.serving.PruneExecutor;
import io.lambdasuite.jobs.serving.PruneInputs;
import io.lambdasuite.jobs.serving.PrunePlan;
import io.lambdasuite.jobs.serving.PrunePlanner;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;

/**
 * {@code lambda prune} (SPEC §5): removes serving snapshots older than the serving TTL before the latest (never
 * the latest) and MV files older than the MV TTL that the latest published snapshot has consumed (never an
 * unconsumed one), for the activities, each current dimension table, the pull requests and segments_aggregated. The
 * decisions are
 * {@link PrunePlanner}'s; this only lists and deletes. Idempotent; {@code --dry-run} lists and deletes nothing.
 */
public final class PruneJob {
    public static final ConfigOption<Duration> SERVING_TTL = key("serving-ttl").durationType()
            .defaultValue(PrunePlanner.DEFAULT_SERVING_TTL)
            .withDescription("Serving snapshots older than this before the latest are removed; the latest never is.");
    public static final ConfigOption<Duration> MV_TTL = key("mv-ttl").durationType()
            .defaultValue(PrunePlanner.DEFAULT_MV_TTL)
            .withDescription("MV files are removed this long after their snapshot hour, once a published snapshot consumed them.");
    public static final ConfigOption<Boolean> DRY_RUN = key("dry-run").booleanType().defaultValue(false)
            .withDescription("List what would be removed and remove nothing.");

    public static final List<ConfigOption<?>> ALL = List.of(MergeOptions.BASE_PATH, SERVING_TTL, MV_TTL, DRY_RUN);

    private PruneJob() {}

    /** Plans and applies (or lists) the pruning of every dataset; returns the plans by dataset. */
    public static List<PrunePlan> run(Configuration o, Clock clock, Consumer<String> log) throws Exception {
        String base = StreamJob.absolute(o.get(MergeOptions.BASE_PATH));
        PrunePlanner.Options ttl = new PrunePlanner.Options(o.get(SERVING_TTL), o.get(MV_TTL));
        boolean dryRun = o.get(DRY_RUN);
        List<PrunePlan> plans = new ArrayList<>();
        plans.add(prune(new Path(base, MergeJob.SERVING), new Path(base, Table.ACTIVITY_RELATIONS.mvDataset()),
                ttl, dryRun, clock, log));
        for (Table t : List.of(Table.MEMBERS, Table.ORGANIZATIONS, Table.SEGMENTS, Table.REPOSITORIES)) {
            plans.add(prune(new Path(base, t.tableName()), new Path(base, t.mvDataset()), ttl, dryRun, clock, log));
        }
        // the PR merge replaces its snapshot itself; here its MV files go once consumed and past the MV TTL
        plans.add(prune(new Path(base, PullRequestMergeJob.SERVING), new Path(base, ParquetDatasets.PULL_REQUEST_MV),
                ttl, dryRun, clock, log));
        plans.add(prune(new Path(base, SegmentAggregatesJob.DATASET), null, ttl, dryRun, clock, log));
        return plans;
    }

    private static PrunePlan prune(Path servingRoot, Path mvRoot, PrunePlanner.Options ttl, boolean dryRun,
            Clock clock, Consumer<String> log) throws Exception {
        SnapshotStore store = SnapshotStore.open(servingRoot);
        PrunePlan plan = PrunePlanner.plan(PruneInputs.collect(store, mvRoot, clock.millis()), ttl);
        new PruneExecutor(store, dryRun).execute(plan);
        String verb = dryRun ? "would remove" : "removed";
        log.accept(String.format("%s: %s %d snapshots %s and %d MV files", store.dataset(), verb,
                plan.snapshotDeletions().size(),
                plan.snapshotIds().stream().map(SnapshotIds::partitionValue).toList(), plan.mvFileDeletions().size()));
        if (dryRun) {
            plan.mvFileDeletions().forEach(f -> log.accept("  " + f.path() + " (" + f.reason() + ")"));
        }
        return plan;
    }
}
