package io.lambdasuite.jobs.serving;

import static io.lambdasuite.jobs.serving.ServingTestFiles.H;
import static io.lambdasuite.jobs.serving.ServingTestFiles.S0;
import static io.lambdasuite.jobs.serving.ServingTestFiles.ids;
import static io.lambdasuite.jobs.serving.ServingTestFiles.local;
import static io.lambdasuite.jobs.serving.ServingTestFiles.writeActivities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneExecutorTest {
    private static final long DAY = 24 * H;

    @TempDir
    java.nio.file.Path tmp;

    private SnapshotStore store;
    private Path mvRoot;
    private List<String> mvFiles;

    /** MV files in hours S0..S0+2h; snapshots at S0..S0+9h; the latest consumed the first two MV hours only. */
    @BeforeEach
    void setUp() throws IOException {
        store = SnapshotStore.open(new Path(tmp.resolve("serving").toUri()));
        mvRoot = new Path(tmp.resolve("mv").toUri());
        for (int h = 0; h < 3; h++) {
            writeActivities(new Path(mvRoot, SnapshotIds.partitionDir(S0 + h * H)), "part-0.parquet", ids("mv" + h, 1));
        }
        writeActivities(new Path(mvRoot, SnapshotIds.partitionDir(S0)), ".part-1.parquet.inprogress", ids("x", 1));
        mvFiles = PruneInputs.listMvFiles(mvRoot).stream().map(PrunePlanner.MvFile::path).sorted().toList();
        assertThat(mvFiles).hasSize(3);
        for (int i = 0; i < 10; i++) {
            List<String> consumed = i == 9 ? mvFiles.subList(0, 2) : List.of();
            ServingTestFiles.publish(store, S0 + i * H, 2, consumed);
        }
    }

    private PrunePlan plan() throws IOException {
        return PrunePlanner.plan(PruneInputs.collect(store, mvRoot, S0 + 3 * DAY), PrunePlanner.Options.DEFAULTS);
    }

    @Test
    void planFromTheFileSystem() throws IOException {
        PrunePlan plan = plan();
        assertThat(plan.snapshotIds()).containsExactly(S0, S0 + H, S0 + 2 * H);
        assertThat(plan.mvPaths()).containsExactlyInAnyOrderElementsOf(mvFiles.subList(0, 2));
    }

    @Test
    void dryRunDeletesNothing() throws IOException {
        PrunePlan plan = plan();
        PruneExecutor.Result r = new PruneExecutor(store, true).execute(plan);
        assertThat(r.dryRun()).isTrue();
        assertThat(r.snapshotIds()).containsExactly(S0, S0 + H, S0 + 2 * H);
        assertThat(r.mvFiles()).hasSize(2);
        assertThat(store.listPublished()).hasSize(10);
        assertThat(PruneInputs.listMvFiles(mvRoot)).hasSize(3);
    }

    @Test
    void executeDeletesThePlanAndARerunIsIdempotent() throws IOException {
        PrunePlan plan = plan();
        new PruneExecutor(store, false).execute(plan);
        assertThat(store.listPublished()).containsExactly(
                S0 + 3 * H, S0 + 4 * H, S0 + 5 * H, S0 + 6 * H, S0 + 7 * H, S0 + 8 * H, S0 + 9 * H);
        assertThat(Files.exists(local(store.snapshotDir(S0)))).isFalse();
        assertThat(PruneInputs.listMvFiles(mvRoot)).extracting(PrunePlanner.MvFile::path).containsExactly(mvFiles.get(2));
        assertThat(Files.exists(local(new Path(mvRoot, SnapshotIds.partitionDir(S0) + "/.part-1.parquet.inprogress"))))
                .isTrue();

        // Same plan again: everything already gone, fine. A fresh plan: nothing more to do.
        new PruneExecutor(store, false).execute(plan);
        assertThat(plan().isEmpty()).isTrue();
        assertThat(store.latest()).contains(S0 + 9 * H);
    }

    @Test
    void theManifestIsDeletedFirstAndACrashAfterItIsFinishedByTheRerun() throws IOException {
        PrunePlan plan = plan();
        List<String> order = new ArrayList<>();
        PruneExecutor.DeleteHook crashOnDir = (path, recursive) -> {
            order.add(path.getName());
            if (recursive) {
                // The snapshot is already unpublished when its files start to go.
                long id = SnapshotStore.parseSnapshotDirName(path.getName()).getAsLong();
                assertThat(store.isPublished(id)).isFalse();
                assertThat(store.listPublished()).doesNotContain(id);
                throw new IOException("crash");
            }
        };
        assertThatThrownBy(() -> new PruneExecutor(store, false, crashOnDir).execute(plan)).hasMessage("crash");
        assertThat(order).containsExactly("_manifest.json", "snapshot=2024-05-01T11");
        assertThat(store.listPublished()).doesNotContain(S0).hasSize(9);
        assertThat(store.listUnpublished()).containsExactly(S0);

        new PruneExecutor(store, false).execute(plan);
        assertThat(store.listUnpublished()).isEmpty();
        assertThat(store.listPublished()).hasSize(7);
    }

    @Test
    void refusesToDeleteTheLatestWhateverThePlanSays() {
        PrunePlan bad = new PrunePlan(List.of(new PrunePlan.SnapshotDeletion(S0 + 9 * H, "bug")), List.of(), List.of());
        assertThatThrownBy(() -> new PruneExecutor(store, false).execute(bad)).isInstanceOf(IllegalStateException.class);
    }
}
