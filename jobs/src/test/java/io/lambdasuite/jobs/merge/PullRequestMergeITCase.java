package io.lambdasuite.jobs.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.common.SqlFiles;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.ServingCheck;
import io.lambdasuite.jobs.verify.PullRequestVerifier;
import io.lambdasuite.jobs.verify.ServingVerifier;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate -> stream -> merge activities -> PR bootstrap, then more CDC -> stream -> merge activities -> PR merge:
 * the PR snapshot equals the rule over the expected serving state of the log (computed independently with DuckDB),
 * an incremental PR merge equals a full recomputation, a broken chain falls back to one, the dataset is replaced
 * (one snapshot) and reruns change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullRequestMergeITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T05:10:00Z"), ZoneOffset.UTC);
    /** Activities snapshots late enough to hold every row of the log (the log spans a few hours of May 1st). */
    private static final String FIRST = "2024-05-01T20";
    private static final String SECOND = "2024-05-01T21";

    @TempDir
    static Path shared;

    /** The CDC log of both phases. */
    private Path in;
    /** Activities snapshots FIRST and SECOND, the PR snapshot of FIRST, PR MV rows of both phases. */
    private Path prepared;
    private PullRequestMergeJob.Result bootstrap;

    @BeforeAll
    void streamMergeAndBootstrap() throws Exception {
        // seven eighths of the log first, the last eighth after: it touches some pull requests, not all
        CdcLogs log = CdcLogs.generate(11, 4_000, 8).joinFirst(7);
        in = shared.resolve("in");
        prepared = shared.resolve("base");
        Path firstPhase = shared.resolve("first-phase");
        log.writeFiles(0, in);
        log.writeFiles(0, firstPhase);
        String savepoint = IncrementalRuns.streamFiles(in, prepared, null);
        mergeActivities(prepared, FIRST);
        ServingCheck.assertMatches(firstPhase, prepared);

        assertThat(Lambda.run("bootstrap", "pull-requests", "--base-path", prepared.toString(), "--parallelism", "2"))
                .isZero();
        // the bootstrap's snapshot is the rule over the serving state of the first phase
        assertMatchesTheRule(firstPhase, prepared);
        bootstrap = runPullRequests(prepared, true);
        assertThat(bootstrap.outcome).as("a second bootstrap over the same snapshot").isEqualTo(PublishResult.ALREADY_PUBLISHED);

        log.writeFiles(1, in);
        IncrementalRuns.streamFiles(in, prepared, savepoint);
        mergeActivities(prepared, SECOND);
        // copies for the tests that recompute everything (manifests hold absolute paths of consumed MV files, so
        // in a copy every MV file counts as new: fine for a full recomputation, not for the incremental test)
        for (String name : List.of("full", "fallback", "once", "twice")) {
            copy(prepared, name);
        }
    }

    @Test
    void anIncrementalMergeEqualsAFullRecomputation() throws Exception {
        Path base = prepared;
        long touched = assertTouchedKeysCoverTheChanges(base, FIRST, SECOND);
        assertThat(touched).as("the second phase changes pull requests").isPositive();

        // as the scheduler runs it (the same job as `lambda merge --dataset pull_requests`), into the job log
        assertThat(Lambda.run("schedule", "--run-now", "pull-requests", "--base-path", base.toString(),
                "--parallelism", "2")).isZero();
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT job, outcome FROM read_json_auto('" + base.resolve("_runs/jobs")
                    + "/*/*.json')")).extracting(r -> r.get("job") + ":" + r.get("outcome"))
                    .containsExactly("pull-requests:succeeded");
        }
        SnapshotManifest m = manifest(base, SECOND);
        assertThat(m.properties()).containsEntry("mode", "incremental");
        assertThat(Long.parseLong(m.properties().get("touchedPullRequests"))).isGreaterThanOrEqualTo(touched);
        long carried = Long.parseLong(m.properties().get("carriedOver"));
        long recomputed = Long.parseLong(m.properties().get("recomputed"));
        assertThat(carried).as("pull requests carried over").isPositive();
        assertThat(recomputed).as("pull requests recomputed").isPositive();
        assertThat(carried + recomputed).isEqualTo(m.rowCount());
        assertThat(Integer.parseInt(m.properties().get("mvFilesConsumed"))).isPositive();
        assertThat(m.consumedDimensionSnapshots()).containsEntry(MergeJob.SERVING, id(SECOND));
        assertMatchesTheRule(in, base);
        assertReplaced(base, SECOND);

        Path full = shared.resolve("full");
        deleteTree(full.resolve(PullRequestMergeJob.SERVING));
        PullRequestMergeJob.Result f = runPullRequests(full, true);
        assertThat(f.full).isTrue();
        assertThat(f.rows).isEqualTo(m.rowCount());
        try (DuckDb db = new DuckDb()) {
            String inc = snapshotRows(base, SECOND);
            String all = snapshotRows(full, SECOND);
            assertThat(db.count("SELECT count(*) FROM (" + inc + " EXCEPT ALL " + all + ")")).isZero();
            assertThat(db.count("SELECT count(*) FROM (" + all + " EXCEPT ALL " + inc + ")")).isZero();
        }

        assertTheQueriesAgreeWithTheSnapshot(base, m.rowCount());
        ServingVerifier.Report verify = ServingVerifier.verify(in.toString(), base.toString(), 5);
        assertThat(verify.pullRequests).as("lambda verify checks the pull requests too").isNotNull();
        assertThat(verify.ok()).as(verify.toString()).isTrue();
        assertThat(verify.pullRequests.actual).isEqualTo(m.rowCount());

        PullRequestMergeJob.Result again = runPullRequests(base, false);
        assertThat(again.outcome).isEqualTo(PublishResult.ALREADY_PUBLISHED);
        assertMatchesTheRule(in, base);
    }

    @Test
    void aSnapshotWithoutTouchedKeysFallsBackToAFullRecomputation() throws Exception {
        Path base = shared.resolve("fallback");
        // before the run: verify sees the PR snapshot of the older activities snapshot, which differs from the log
        ServingVerifier.Report stale = ServingVerifier.verify(in.toString(), base.toString(), 3);
        assertThat(stale.pullRequests.ok()).as(stale.toString()).isFalse();
        assertThat(stale.toString()).contains("computed from an older activities snapshot");

        // the activities snapshot SECOND has no _pr_touched (as a bootstrap or an older merge would leave it)
        deleteTree(base.resolve(MergeJob.SERVING).resolve("snapshot=" + SECOND).resolve(PullRequestMergeJob.TOUCHED_DIR));
        PullRequestMergeJob.Result r = runPullRequests(base, false);
        assertThat(r.outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(r.full).isTrue();
        assertThat(r.reason).contains(SECOND).contains("_pr_touched");
        assertThat(manifest(base, SECOND).properties()).containsEntry("mode", "full");
        assertMatchesTheRule(in, base);
        assertReplaced(base, SECOND);
        assertThat(r.rows).isGreaterThanOrEqualTo(bootstrap.rows);
    }

    @Test
    void aBootstrapTwiceGivesIdenticalData() throws Exception {
        Path once = shared.resolve("once");
        Path twice = shared.resolve("twice");
        deleteTree(once.resolve(PullRequestMergeJob.SERVING));
        deleteTree(twice.resolve(PullRequestMergeJob.SERVING));
        assertThat(runPullRequests(once, true).outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(runPullRequests(twice, true).outcome).isEqualTo(PublishResult.PUBLISHED);
        List<Path> files = parquetFiles(twice.resolve(PullRequestMergeJob.SERVING));
        assertThat(runPullRequests(twice, true).outcome).isEqualTo(PublishResult.ALREADY_PUBLISHED);
        assertThat(parquetFiles(twice.resolve(PullRequestMergeJob.SERVING))).as("a rerun writes nothing")
                .isEqualTo(files);
        try (DuckDb db = new DuckDb()) {
            String a = snapshotRows(once, SECOND);
            String b = snapshotRows(twice, SECOND);
            assertThat(db.count("SELECT count(*) FROM (" + a + ")")).isPositive();
            assertThat(db.count("SELECT count(*) FROM ((" + a + " EXCEPT ALL " + b + ") UNION ALL (" + b
                    + " EXCEPT ALL " + a + "))")).isZero();
        }
        assertMatchesTheRule(in, twice);
    }

    // ------------------------------------------------------------------ helpers

    /** The PR queries of sql/duckdb/analytics run on the real snapshot and add up to it. */
    private static void assertTheQueriesAgreeWithTheSnapshot(Path base, long rows) throws Exception {
        try (DuckDb db = new DuckDb()) {
            db.execute("SET TimeZone = 'UTC'");
            db.set("base_path", base.toString()).runFile("duckdb/pull_request_views.sql");
            assertThat(db.count("SELECT count(*) FROM pull_requests")).isEqualTo(rows);
            long merged = db.count("SELECT count(*) FROM pull_requests WHERE mergedAt IS NOT NULL");
            long open = db.count("SELECT count(*) FROM pull_requests WHERE resolvedAt IS NULL");
            long reviewed = db.count("SELECT count(*) FROM pull_requests WHERE reviewedAt IS NOT NULL");
            assertThat(merged).isPositive();
            assertThat(open).isPositive();

            List<Map<String, Object>> toMerge = db.query(SqlFiles.read("duckdb/analytics/pr_median_time_to_merge.sql"));
            assertThat(sum(toMerge, "mergedPullRequests")).isEqualTo(merged);
            assertThat(toMerge).allSatisfy(r -> assertThat(((Number) r.get("medianHoursToMerge")).doubleValue())
                    .isLessThanOrEqualTo(((Number) r.get("p90HoursToMerge")).doubleValue()));

            db.execute("SET VARIABLE as_of = TIMESTAMPTZ '2024-05-03 00:00:00+00'");
            List<Map<String, Object>> byAge = db.query(SqlFiles.read("duckdb/analytics/pr_open_by_age.sql"));
            assertThat(sum(byAge, "openPullRequests")).isEqualTo(open);
            assertThat(byAge).extracting(r -> r.get("ageBucket")).containsExactly("1-7 days");

            List<Map<String, Object>> latency = db.query(SqlFiles.read("duckdb/analytics/pr_review_latency.sql"));
            assertThat(sum(latency, "pullRequests")).isEqualTo(rows);
            assertThat(sum(latency, "reviewed")).isEqualTo(reviewed);
        }
    }

    private static long sum(List<Map<String, Object>> rows, String column) {
        return rows.stream().mapToLong(r -> ((Number) r.get(column)).longValue()).sum();
    }

    /**
     * The activities merge writes {@code <snapshot to>/_pr_touched/}: it must hold at least the keys of the PRs
     * whose events differ between the published rows of the two snapshots, computed here independently with
     * DuckDB. Returns how many keys differ.
     */
    private static long assertTouchedKeysCoverTheChanges(Path base, String from, String to) throws Exception {
        Path dir = base.resolve(MergeJob.SERVING).resolve("snapshot=" + to).resolve(PullRequestMergeJob.TOUCHED_DIR);
        String columns = "activityId, type, \"timestamp\", sourceId, sourceParentId, segmentId, channel, memberId,"
                + " organizationId, gitChangedLinesBucket, platform, pullRequestReviewState, updatedAt";
        String types = PullRequestTypes.types().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
        String a = "SELECT " + columns + " FROM read_parquet('" + base.resolve(MergeJob.SERVING) + "/snapshot=" + from
                + "/*.parquet') WHERE type IN (" + types + ")";
        String b = a.replace("snapshot=" + from, "snapshot=" + to);
        String key = "CASE WHEN type IN ('pull_request-opened', 'merge_request-opened', 'changeset-created') THEN sourceId"
                + " WHEN type = 'patchset_approval-created' THEN split_part(sourceParentId, '-', 1)"
                + " ELSE sourceParentId END";
        try (DuckDb db = new DuckDb()) {
            db.execute("CREATE TABLE changed AS SELECT DISTINCT " + key + " AS sourceId FROM ((" + a + " EXCEPT ALL "
                    + b + ") UNION ALL (" + b + " EXCEPT ALL " + a + ")) WHERE " + key + " <> ''");
            db.execute("CREATE TABLE written AS SELECT DISTINCT sourceId FROM read_parquet('" + dir + "/*.parquet')");
            assertThat(db.count("SELECT count(*) FROM changed WHERE sourceId NOT IN (SELECT sourceId FROM written)"))
                    .as("changed pull requests missing from _pr_touched").isZero();
            return db.count("SELECT count(*) FROM changed");
        }
    }

    private static void assertMatchesTheRule(Path log, Path base) throws Exception {
        PullRequestVerifier.Diff d = PullRequestVerifier.verify(log.toString(), base.toString(),
                PullRequestVerifier.SERVING, 10);
        assertThat(d.expected).as("the log has pull requests").isPositive();
        assertThat(d.ok()).as(d.toString()).isTrue();
    }

    /** One published snapshot, the rows partitioned by year of openedAt. */
    private static void assertReplaced(Path base, String snapshot) throws IOException {
        Path dataset = base.resolve(PullRequestMergeJob.SERVING);
        try (Stream<Path> s = Files.list(dataset)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("snapshot=")))
                    .containsExactly("snapshot=" + snapshot);
        }
        try (Stream<Path> s = Files.list(dataset.resolve("snapshot=" + snapshot))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")))
                    .isNotEmpty().allMatch(n -> n.matches("openedYear=\\d{4}"));
        }
    }

    private static String snapshotRows(Path base, String snapshot) {
        return "SELECT * FROM read_parquet('" + base.resolve(PullRequestMergeJob.SERVING) + "/snapshot=" + snapshot
                + "/openedYear=*/*.parquet', hive_partitioning = false)";
    }

    private static SnapshotManifest manifest(Path base, String snapshot) throws IOException {
        return SnapshotManifest.fromJson(Files.readString(base.resolve(PullRequestMergeJob.SERVING)
                .resolve("snapshot=" + snapshot).resolve(SnapshotManifest.FILE_NAME)));
    }

    private static long id(String snapshot) {
        return SnapshotIds.hourOf(Instant.parse(snapshot + ":00:00Z").toEpochMilli());
    }

    private static void mergeActivities(Path base, String snapshot) throws Exception {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.SNAPSHOT, snapshot);
        o.set(MergeOptions.PARALLELISM, 2);
        assertThat(MergeJob.run(o, CLOCK, msg -> {}).outcome).isEqualTo(PublishResult.PUBLISHED);
    }

    private static PullRequestMergeJob.Result runPullRequests(Path base, boolean full) throws Exception {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.PARALLELISM, 2);
        return PullRequestMergeJob.run(o, CLOCK, msg -> {}, full);
    }

    private static Path copy(Path from, String name) throws IOException {
        Path to = shared.resolve(name);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.toString().contains("_checkpoints") || p.toString().contains("_savepoints")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((x, y) -> y.compareTo(x)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<Path> parquetFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }
}
