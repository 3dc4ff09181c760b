package io.lambdasuite.jobs.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.jobs.serving.FaultPoints;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.ServingCheck;
import io.lambdasuite.udfs.model.Table;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge killed at each step after its batch job (the kill while writing is in {@link MergeJobITCase}): before
 * anything is published, in the publish of a dimension (before its manifest; manifest staged, not renamed in),
 * with the dimensions published but not the activities, and in the activities' publish. Each rerun starts from
 * what the previous crash left and is killed one step further; after every crash readers (DuckDB over
 * {@code sql/duckdb/serving_views.sql}) still see the previous snapshot, whole; the last rerun publishes and
 * the snapshot equals the log's expected serving state (SPEC §9). The direct (object store) strategy's crash
 * between data files and manifest is covered at the store level ({@code SnapshotStoreTest}).
 */
class MergeFaultsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T05:10:00Z"), ZoneOffset.UTC);
    private static final String PREVIOUS = "2024-05-01T03";
    private static final String NEXT = "2024-05-01T05";

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void aMergeKilledAtEachStepLeavesReadersOnThePreviousSnapshotAndTheRerunCompletes() throws Exception {
        CdcLogs log = CdcLogs.generate(43, 3_000, 2);
        java.nio.file.Path in = tmp.resolve("in");
        java.nio.file.Path base = tmp.resolve("base");
        log.writeFiles(0, in);
        String savepoint = IncrementalRuns.streamFiles(in, base, null);
        MergeJob.Result previous = merge(base);
        assertThat(previous.outcome).isEqualTo(PublishResult.PUBLISHED);
        log.writeFiles(1, in);
        IncrementalRuns.streamFiles(in, base, savepoint);

        String serving = MergeJob.SERVING;
        List<String> steps = List.of("merge " + NEXT + ": batch job done",
                "publish members: files checked",
                "publish members: manifest staged",
                "publish " + serving + ": files checked",
                "publish " + serving + ": manifest staged");
        for (String step : steps) {
            try (FaultPoints.Installed hook = FaultPoints.install(at -> {
                if (at.equals(step)) {
                    throw new IllegalStateException("killed at " + at);
                }
            })) {
                assertThatThrownBy(() -> merge(base, NEXT)).as(step).hasStackTraceContaining("killed at " + step);
            }
            assertReadersOn(base, PREVIOUS, previous.rows);
            if (step.startsWith("publish " + serving)) {
                assertThat(SnapshotStore.open(new Path(base.resolve(Table.MEMBERS.tableName()).toUri()))
                        .isPublished(SnapshotStore.parsePartitionValue(NEXT).getAsLong()))
                        .as("%s: the dimensions are published already, the activities not", step).isTrue();
            }
        }

        List<String> passed = new ArrayList<>();
        MergeJob.Result rerun;
        try (FaultPoints.Installed hook = FaultPoints.install(passed::add)) {
            rerun = merge(base, NEXT);
        }
        assertThat(rerun.outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(passed).as("the last rerun passes the activities' steps").containsSubsequence(
                "merge " + NEXT + ": batch job done", "publish " + serving + ": files checked",
                "publish " + serving + ": manifest staged");
        assertReadersOn(base, NEXT, rerun.rows);
        ServingCheck.assertMatches(in, base);
        assertThat(merge(base, NEXT).outcome).isEqualTo(PublishResult.ALREADY_PUBLISHED);
    }

    private static void assertReadersOn(java.nio.file.Path base, String snapshot, long rows) throws Exception {
        try (DuckDb db = new DuckDb()) {
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql");
            assertThat(db.query("SELECT getvariable('serving_snapshot') AS s").get(0).get("s"))
                    .as("readers are on %s", snapshot).isEqualTo(snapshot);
            assertThat(db.count("SELECT count(*) FROM activities")).isEqualTo(rows);
        }
    }

    private static MergeJob.Result merge(java.nio.file.Path base) throws Exception {
        return merge(base, PREVIOUS);
    }

    private static MergeJob.Result merge(java.nio.file.Path base, String snapshot) throws Exception {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.SNAPSHOT, snapshot);
        o.set(MergeOptions.PARALLELISM, 2);
        return MergeJob.run(o, CLOCK, msg -> {});
    }
}
