package io.lambdasuite.jobs.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.common.SqlFiles;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.Envelopes;
import io.lambdasuite.jobs.testing.FlinkSql;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.ServingCheck;
import io.lambdasuite.jobs.verify.ServingVerifier;
import io.lambdasuite.udfs.rules.SnapshotIds;
import io.lambdasuite.jobs.serving.PrunePlan;
import io.lambdasuite.udfs.model.ActivityRow;
import org.apache.flink.api.common.functions.MapFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate -> stream -> merge, twice: the published snapshot equals the expected serving snapshot of SPEC §9
 * computed independently from the log; a rerun changes nothing; late MV files of an already merged hour go
 * into the next snapshot; pruning keeps the latest snapshot and removes only consumed MV files.
 */
class MergeJobITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T05:10:00Z"), ZoneOffset.UTC);

    /**
     * Seed 17 runs with tiny one-row-group files and no compaction, so that the second merge copies the old
     * files no new row or changed dimension touches and reads the others: the result must not change.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 17})
    void snapshotsEqualTheExpectedServingStateAndRerunsChangeNothing(long seed) throws Exception {
        fineGrained = seed == 17;
        CdcLogs log = CdcLogs.generate(seed, 3_000, 2);
        Path in = tmp.resolve("in");
        Path base = tmp.resolve("base");

        log.writeFiles(0, in);
        String savepoint = IncrementalRuns.streamFiles(in, base, null);
        MergeJob.Result first = merge(base, "2024-05-01T03");
        assertThat(first.outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(first.rows).isPositive();
        ServingCheck.assertMatches(in, base);

        MergeJob.Result again = merge(base, "2024-05-01T03");
        assertThat(again.outcome).isEqualTo(PublishResult.ALREADY_PUBLISHED);
        assertThat(merge(base, "2024-05-01T02").outcome).isEqualTo(PublishResult.OLDER_THAN_LATEST);

        // the second phase carries late versions of hours the first snapshot already covered
        log.writeFiles(1, in);
        savepoint = IncrementalRuns.streamFiles(in, base, savepoint);
        MergeJob.Result second = merge(base, "");
        assertThat(second.outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(second.snapshotId).isEqualTo(SnapshotIds.hourOf(CLOCK.millis()));
        assertThat(second.mvFilesConsumed).isPositive();
        ServingCheck.assertMatches(in, base);
        try (DuckDb db = new DuckDb()) {
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql");
            assertThat(db.count("SELECT count(*) FROM activities")).isEqualTo(second.rows);
            assertThat(db.count("SELECT count(*) FROM (SELECT 1 FROM activities GROUP BY segmentId, \"timestamp\","
                    + " \"type\", platform, channel, sourceId HAVING count(*) > 1)")).isZero();
            // the analytics queries readers use run on the real snapshot and agree with it
            long contributions = db.count("SELECT count(*) FROM activities WHERE isContribution");
            assertThat(sum(db, "analytics/contributions_by_platform.sql", "contributions")).isEqualTo(contributions);
            assertThat(sum(db, "analytics/active_contributors.sql", "contributions")).isEqualTo(contributions);
            assertThat(sum(db, "analytics/activity_by_type_daily.sql", "activities")).isEqualTo(second.rows);
            assertThat(sum(db, "analytics/changed_lines_by_bucket.sql", "commits")).isEqualTo(db.count(
                    "SELECT count(*) FROM activities WHERE \"type\" IN ('authored-commit', 'committed-commit')"
                            + " AND gitChangedLines > 0"));
            assertThat(db.query(SqlFiles.read("duckdb/analytics/top_organizations.sql"))).isNotEmpty()
                    .allSatisfy(r -> assertThat((String) r.get("organizationName")).isNotEmpty());

            // the sql/flink statements read the same snapshot in a Flink batch job and agree with DuckDB
            FlinkSql flink = new FlinkSql(Map.of("base_path", base.toUri().toString().replaceAll("/$", ""),
                    "snapshot", SnapshotIds.partitionValue(second.snapshotId)));
            assertThat(rows(flink.query("02_contributions_by_platform.sql"))).containsExactlyInAnyOrderElementsOf(
                    rows(db, "SELECT platform, count(*), count(DISTINCT memberId) FROM activities WHERE isContribution"
                            + " GROUP BY platform"));
            assertThat(rows(flink.query("03_changed_lines_by_bucket.sql"))).containsExactlyInAnyOrderElementsOf(
                    rows(db, "SELECT gitChangedLinesBucket, count(*) AS commits, sum(gitChangedLines)::BIGINT FROM"
                            + " activities WHERE \"type\" IN ('authored-commit', 'committed-commit') AND"
                            + " gitChangedLinesBucket <> '' GROUP BY 1"));
            assertThat(rows(flink.query("04_activity_by_type_daily.sql"))).isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(rows(db, SqlFiles.read(
                            "duckdb/analytics/activity_by_type_daily.sql").replaceAll("(?s);\\s*$", "")));
        }

        // prune: a dry run removes nothing; then the older snapshot and the consumed MV files go, the latest stays
        Path servingDir = base.resolve(MergeJob.SERVING);
        Path mvDir = base.resolve("activityRelations_enrich_snapshot_mv");
        long mvFiles = countParquet(mvDir);
        List<PrunePlan> dry = prune(base, true);
        assertThat(dry.get(0).snapshotIds()).containsExactly(first.snapshotId);
        assertThat(servingDir.resolve("snapshot=2024-05-01T03")).exists();
        assertThat(countParquet(mvDir)).isEqualTo(mvFiles);
        prune(base, false);
        assertThat(servingDir.resolve("snapshot=2024-05-01T03")).doesNotExist();
        assertThat(servingDir.resolve("snapshot=2024-05-01T05/_manifest.json")).exists();
        assertThat(countParquet(mvDir)).isLessThan(mvFiles);
        assertThat(prune(base, false).get(0).isEmpty()).as("a second prune finds nothing").isTrue();
        ServingCheck.assertMatches(in, base);

        // on demand through the scheduler's runner: merge, segment aggregates, prune, all written to the job log
        assertThat(Lambda.run("schedule", "--base-path", base.toString(), "--run-now", "merge")).isZero();
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT job, outcome, \"trigger\" FROM read_json_auto('" + base.resolve("_runs/jobs")
                    + "/*/*.json') ORDER BY job")).extracting(r -> r.get("job") + ":" + r.get("outcome") + ":"
                            + r.get("trigger"))
                    .containsExactly("merge:succeeded:on-demand", "prune:succeeded:on-demand",
                            "segment-aggregates:succeeded:on-demand");
        }
        ServingCheck.assertMatches(in, base);

        // verify is not blind: against the first phase alone the published snapshot differs
        Path firstPhaseOnly = tmp.resolve("first-phase");
        log.writeFiles(0, firstPhaseOnly);
        ServingVerifier.Report stale = ServingVerifier.verify(firstPhaseOnly.toString(), base.toString(), 3);
        assertThat(stale.ok()).as(stale.toString()).isFalse();
        assertThat(stale.toString()).contains("DIFFERENCES FOUND");

        if (fineGrained) {
            // a small delta of the usual shape (a new key later than everything): the old files no new row and
            // no changed dimension touches are copied unread, held files are read, and the result stays exact
            Files.writeString(Files.createDirectories(in.resolve("activityRelations")).resolve("p2-late.ndjson"),
                    Envelopes.envelope("activityRelations", "insert", Envelopes.activity("late-1",
                            "timestamp", "2024-05-01T05:40:00.000Z", "createdAt", "2024-05-01T05:40:00.000Z",
                            "updatedAt", "2024-05-01T05:41:00.000Z", "memberId", "not-yet-known")) + "\n");
            // and the busiest organization is renamed: the files holding its rows are patched, not re-merged
            String busiest;
            try (DuckDb db = new DuckDb()) {
                busiest = (String) db.query("SELECT organizationId FROM read_parquet('" + base
                        + "/activityRelations_deduplicated_cleaned/snapshot=*/*.parquet') WHERE organizationId <> ''"
                        + " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").get(0).get("organizationId");
            }
            Files.writeString(Files.createDirectories(in.resolve("organizations")).resolve("p2-rename.ndjson"),
                    Envelopes.envelope("organizations", "update", Envelopes.row("id", busiest,
                            "updatedAt", "2024-05-01T05:42:00.000Z", "displayName", "Renamed Org Ltd",
                            "country", "France", "location", "Paris")) + "\n");
            IncrementalRuns.streamFiles(in, base, savepoint);
            MergeJob.Result third = merge(base, "2030-01-01T00");
            assertThat(third.outcome).isEqualTo(PublishResult.PUBLISHED);
            assertThat(third.filesPatched).as("old files patched in their organization columns").isPositive();
            assertThat(third.filesRead).as("held files are always read").isPositive();
            ServingCheck.assertMatches(in, base);
        }
    }

    /** Fails the merge's batch job on its 500th enriched row, while output files are being written. */
    static final class FailWhileWriting implements MapFunction<ActivityRow, ActivityRow> {
        private int seen;

        @Override
        public ActivityRow map(ActivityRow r) {
            if (++seen == 500) {
                throw new IllegalStateException("injected failure while writing the snapshot");
            }
            return r;
        }
    }

    @Test
    void aMergeKilledWhileWritingLeavesReadersOnThePreviousSnapshotAndTheRerunCompletes() throws Exception {
        CdcLogs log = CdcLogs.generate(29, 3_000, 2);
        Path in = tmp.resolve("in");
        Path base = tmp.resolve("base");
        log.writeFiles(0, in);
        String savepoint = IncrementalRuns.streamFiles(in, base, null);
        MergeJob.Result first = merge(base, "2024-05-01T03");
        log.writeFiles(1, in);
        savepoint = IncrementalRuns.streamFiles(in, base, savepoint);

        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.SNAPSHOT, "2024-05-01T05");
        o.set(MergeOptions.PARALLELISM, 1);
        assertThatThrownBy(() -> MergeJob.run(o, CLOCK, msg -> {},
                rows -> rows.map(new FailWhileWriting()).name("Fail while writing")))
                .hasStackTraceContaining("injected failure while writing the snapshot");
        try (DuckDb db = new DuckDb()) {
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql");
            assertThat(db.query("SELECT getvariable('serving_snapshot') AS s").get(0).get("s"))
                    .as("readers stay on the previous snapshot").isEqualTo("2024-05-01T03");
            assertThat(db.count("SELECT count(*) FROM activities")).isEqualTo(first.rows);
        }
        MergeJob.Result rerun = merge(base, "2024-05-01T05");
        assertThat(rerun.outcome).isEqualTo(PublishResult.PUBLISHED);
        ServingCheck.assertMatches(in, base);
    }

    private static long sum(DuckDb db, String file, String column) throws Exception {
        long total = 0;
        for (var row : db.query(SqlFiles.read("duckdb/" + file))) {
            total += ((Number) row.get(column)).longValue();
        }
        return total;
    }

    /** Rows as lists of strings (numbers and dates compare across engines by their text). */
    private static List<List<String>> rows(List<org.apache.flink.types.Row> rows) {
        return rows.stream().map(r -> java.util.stream.IntStream.range(0, r.getArity())
                .mapToObj(i -> String.valueOf(r.getField(i))).toList()).toList();
    }

    private static List<List<String>> rows(DuckDb db, String sql) throws Exception {
        return db.query(sql).stream().map(r -> r.values().stream().map(String::valueOf).toList()).toList();
    }

    private List<PrunePlan> prune(Path base, boolean dryRun) throws Exception {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(PruneJob.SERVING_TTL, Duration.ofHours(1));
        o.set(PruneJob.MV_TTL, Duration.ofHours(1));
        o.set(PruneJob.DRY_RUN, dryRun);
        return PruneJob.run(o, CLOCK, msg -> {});
    }

    private static long countParquet(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private boolean fineGrained;

    private MergeJob.Result merge(Path base, String snapshot) throws Exception {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.SNAPSHOT, snapshot);
        o.set(MergeOptions.PARALLELISM, 2);
        if (fineGrained) {
            o.set(MergeOptions.ROW_GROUP_SIZE, MemorySize.parse("16kb"));
            o.set(MergeOptions.COMPACT_BELOW, MemorySize.ZERO);
        }
        return MergeJob.run(o, CLOCK, msg -> {});
    }
}
