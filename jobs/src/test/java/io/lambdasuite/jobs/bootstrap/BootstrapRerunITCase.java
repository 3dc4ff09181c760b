package io.lambdasuite.jobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.ServingCheck;
import io.lambdasuite.jobs.verify.ServingVerifier;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap over an NDJSON export: a rerun over the same input publishes the same rows (as the newest snapshot,
 * replacing the first), a bootstrap killed before it publishes leaves nothing visible and its rerun completes, and
 * the segment aggregates of each snapshot equal an independent DuckDB computation.
 */
class BootstrapRerunITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T05:10:00Z"), ZoneOffset.UTC);
    private static final String SERVING = MergeJob.SERVING;

    @Test
    void aRerunPublishesTheSameRowsAsTheNewestSnapshotAndTheSegmentAggregatesFollow() throws Exception {
        Path in = tmp.resolve("in");
        Path base = tmp.resolve("base");
        CdcLogs.generate(31, 2_000, 1).writeFiles(0, in);

        BootstrapActivitiesJob.Result first = BootstrapActivitiesJob.run(options(in, base), CLOCK, m -> {});
        String s1 = SnapshotIds.partitionValue(first.snapshotId);
        assertThat(s1).isEqualTo("2024-05-01T06");
        ServingCheck.assertMatches(in, base);
        SegmentAggregatesJob.Result agg1 = SegmentAggregatesJob.run(aggregateOptions(base), CLOCK, m -> {});
        assertThat(agg1.outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(agg1.segments).isPositive();
        assertSegmentAggregatesMatch(in, base, s1);
        assertThat(SegmentAggregatesJob.run(aggregateOptions(base), CLOCK, m -> {}).outcome)
                .as("a rerun for the same snapshot").isEqualTo(PublishResult.ALREADY_PUBLISHED);

        BootstrapActivitiesJob.Result second = BootstrapActivitiesJob.run(options(in, base), CLOCK, m -> {});
        String s2 = SnapshotIds.partitionValue(second.snapshotId);
        assertThat(second.snapshotId).as("the hour after the first, which is already published")
                .isEqualTo(first.snapshotId + SnapshotIds.HOUR_MS);
        assertThat(second.rows).isEqualTo(first.rows);
        assertThat(second.heldRows).isEqualTo(first.heldRows);
        try (DuckDb db = new DuckDb()) {
            assertSameRows(db, rows(base, SERVING, s1, "*.parquet"), rows(base, SERVING, s2, "*.parquet"), first.rows);
            assertSameRows(db, rows(base, SERVING, s1, "_held/*.parquet"), rows(base, SERVING, s2, "_held/*.parquet"),
                    first.heldRows);
            for (Table t : List.of(Table.MEMBERS, Table.ORGANIZATIONS, Table.SEGMENTS, Table.REPOSITORIES)) {
                String a = rows(base, t.tableName(), s1, "*.parquet");
                assertSameRows(db, a, rows(base, t.tableName(), s2, "*.parquet"),
                        db.count("SELECT count(*) FROM read_parquet('" + a + "')"));
            }
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql");
            assertThat(db.query("SELECT getvariable('serving_snapshot') AS s").get(0).get("s")).isEqualTo(s2);
        }
        assertThat(second.positions.files()).isEqualTo(first.positions.files());
        assertThat(runDirs(base)).as("the first run's handoff is superseded").hasSize(1);
        ServingCheck.assertMatches(in, base);

        ServingVerifier.Report stale = ServingVerifier.verify(in.toString(), base.toString(), 3);
        assertThat(stale.segmentAggregatesNote).as("aggregates of the first snapshot are not checked against the second")
                .contains(s1);
        assertThat(SegmentAggregatesJob.run(aggregateOptions(base), CLOCK, m -> {}).segments).isEqualTo(agg1.segments);
        assertSegmentAggregatesMatch(in, base, s2);
        try (DuckDb db = new DuckDb()) {
            assertSameRows(db, aggregates(base, s1), aggregates(base, s2), agg1.segments);
        }
    }

    @Test
    void aBootstrapKilledBeforePublishingPublishesNothingAndTheRerunCompletes() throws Exception {
        Path in = tmp.resolve("in");
        Path base = tmp.resolve("base");
        CdcLogs.generate(37, 2_000, 1).writeFiles(0, in);

        assertThatThrownBy(() -> BootstrapActivitiesJob.run(options(in, base), CLOCK, m -> {},
                rows -> rows.map(new FailAt(300)).name("Fail before publishing")))
                .hasStackTraceContaining("injected failure before publishing");
        assertThat(SnapshotStore.open(flinkPath(base, SERVING)).latest()).as("nothing published").isEmpty();
        for (Table t : List.of(Table.MEMBERS, Table.ORGANIZATIONS, Table.SEGMENTS, Table.REPOSITORIES)) {
            assertThat(SnapshotStore.open(flinkPath(base, t.tableName())).latest()).isEmpty();
        }
        assertThat(base.resolve("_bootstrap/positions.json")).doesNotExist();
        assertThat(runDirs(base)).hasSize(1);

        BootstrapActivitiesJob.Result first = BootstrapActivitiesJob.run(options(in, base), CLOCK, m -> {});
        assertThat(runDirs(base)).as("the killed run's leftovers are gone").hasSize(1);
        ServingCheck.assertMatches(in, base);

        // killed again, with a snapshot published: readers stay on it, the stream's positions stay its own
        assertThatThrownBy(() -> BootstrapActivitiesJob.run(options(in, base), CLOCK, m -> {},
                rows -> rows.map(new FailAt(300)).name("Fail before publishing")))
                .hasStackTraceContaining("injected failure before publishing");
        assertThat(SnapshotStore.open(flinkPath(base, SERVING)).latest()).contains(first.snapshotId);
        assertThat(BootstrapPositions.read(StreamJob.absolute(base.toString())).snapshotId()).isEqualTo(first.snapshotId);
        try (DuckDb db = new DuckDb()) {
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql");
            assertThat(db.count("SELECT count(*) FROM activities")).isEqualTo(first.rows);
        }
        BootstrapActivitiesJob.Result rerun = BootstrapActivitiesJob.run(options(in, base), CLOCK, m -> {});
        assertThat(rerun.snapshotId).isGreaterThan(first.snapshotId);
        assertThat(rerun.rows).isEqualTo(first.rows);
        assertThat(runDirs(base)).hasSize(1);
        ServingCheck.assertMatches(in, base);
    }

    /** Fails the final merge of a bootstrap on its n-th enriched row, while the snapshot's files are written. */
    static final class FailAt implements MapFunction<ActivityRow, ActivityRow> {
        private final int n;
        private int seen;

        FailAt(int n) {
            this.n = n;
        }

        @Override
        public ActivityRow map(ActivityRow r) {
            if (++seen == n) {
                throw new IllegalStateException("injected failure before publishing");
            }
            return r;
        }
    }

    /** {@code lambda verify}'s check of segments_aggregated ran on {@code snapshot} and found no difference. */
    private static void assertSegmentAggregatesMatch(Path log, Path base, String snapshot) throws Exception {
        ServingVerifier.Report r = ServingVerifier.verify(log.toString(), base.toString(), 10);
        assertThat(r.segmentAggregatesSnapshot).as(r.toString()).isEqualTo(snapshot);
        assertThat(r.actualSegments).isEqualTo(r.expectedSegments).isPositive();
        assertThat(r.ok()).as(r.toString()).isTrue();
        try (DuckDb db = new DuckDb()) {
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql")
                    .runFile("duckdb/segments_aggregated_view.sql");
            // and equal to the same rule over the published snapshot itself, as a reader would compute it
            assertThat(db.count("SELECT count(*) FROM ((SELECT segmentId, count(DISTINCT nullif(memberId, '')) AS c,"
                    + " count(DISTINCT nullif(organizationId, '')) AS o FROM activities WHERE isContribution"
                    + " GROUP BY segmentId) EXCEPT ALL (SELECT segmentId, contributorCount, organizationCount"
                    + " FROM segments_aggregated))")).isZero();
            assertThat(db.count("SELECT count(DISTINCT segmentId) FROM activities WHERE isContribution"))
                    .isEqualTo(r.actualSegments);
        }
    }

    /** The same rows in two snapshots' files but for their snapshotId (the path's partition is not read). */
    private static void assertSameRows(DuckDb db, String a, String b, long expectedCount) throws Exception {
        String left = "SELECT * EXCLUDE (snapshotId) FROM read_parquet('" + a + "', hive_partitioning = false)";
        String right = "SELECT * EXCLUDE (snapshotId) FROM read_parquet('" + b + "', hive_partitioning = false)";
        assertThat(db.count("SELECT count(*) FROM (" + left + ")")).isEqualTo(expectedCount);
        assertThat(db.count("SELECT count(*) FROM (" + right + ")")).isEqualTo(expectedCount);
        assertThat(db.count("SELECT count(*) FROM ((" + left + ") EXCEPT ALL (" + right + "))")).as(b).isZero();
        assertThat(db.count("SELECT count(*) FROM ((" + right + ") EXCEPT ALL (" + left + "))")).as(b).isZero();
    }

    private static String rows(Path base, String dataset, String snapshot, String glob) {
        return base.resolve(dataset).resolve("snapshot=" + snapshot) + "/" + glob;
    }

    private static String aggregates(Path base, String snapshot) {
        return rows(base, SegmentAggregatesJob.DATASET, snapshot, "*.parquet");
    }

    private static List<Path> runDirs(Path base) throws IOException {
        Path dir = base.resolve("_bootstrap");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
        }
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path base, String dataset) {
        return new org.apache.flink.core.fs.Path(base.resolve(dataset).toUri());
    }

    private static Configuration options(Path in, Path base) {
        Configuration o = new Configuration();
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        o.set(StreamOptions.INPUT_DIR, in.toString());
        o.set(StreamOptions.BASE_PATH, base.toString());
        o.set(StreamOptions.PARALLELISM, 2);
        return o;
    }

    private static Configuration aggregateOptions(Path base) {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.PARALLELISM, 2);
        return o;
    }
}
