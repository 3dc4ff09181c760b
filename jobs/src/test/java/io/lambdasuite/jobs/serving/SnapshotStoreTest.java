package io.lambdasuite.jobs.serving;

import static io.lambdasuite.jobs.serving.ServingTestFiles.H;
import static io.lambdasuite.jobs.serving.ServingTestFiles.S0;
import static io.lambdasuite.jobs.serving.ServingTestFiles.ids;
import static io.lambdasuite.jobs.serving.ServingTestFiles.local;
import static io.lambdasuite.jobs.serving.ServingTestFiles.publish;
import static io.lambdasuite.jobs.serving.ServingTestFiles.writeActivities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    java.nio.file.Path tmp;

    private Path root() {
        return new Path(tmp.resolve("activityRelations_deduplicated_cleaned").toUri());
    }

    private SnapshotStore store(PublishStrategy strategy) throws IOException {
        return SnapshotStore.open(root(), strategy, Clock.systemUTC());
    }

    @Test
    void publishedSnapshotIsListedWithItsManifest() throws IOException {
        SnapshotStore store = SnapshotStore.open(root());
        assertThat(store.strategy()).isEqualTo(PublishStrategy.RENAME);
        assertThat(store.listPublished()).isEmpty();
        assertThat(store.latest()).isEmpty();

        assertThat(publish(store, S0, 4, List.of("mv/a.parquet"))).isEqualTo(PublishResult.PUBLISHED);
        assertThat(publish(store, S0 + H, 6, List.of())).isEqualTo(PublishResult.PUBLISHED);

        assertThat(store.listPublished()).containsExactly(S0, S0 + H);
        assertThat(store.latest()).contains(S0 + H);
        assertThat(store.isPublished(S0)).isTrue();
        assertThat(store.isPublished(S0 + 2 * H)).isFalse();
        assertThat(store.listStaging()).isEmpty();
        assertThat(Files.exists(tmp.resolve("activityRelations_deduplicated_cleaned/snapshot=2024-05-01T11/_manifest.json")))
                .isTrue();
        assertThat(Files.exists(tmp.resolve("activityRelations_deduplicated_cleaned/snapshot=2024-05-01T11/_held/part-0.parquet")))
                .isTrue();

        SnapshotManifest m = store.manifest(S0);
        assertThat(m.snapshotId()).isEqualTo(S0);
        assertThat(m.dataset()).isEqualTo("activityRelations_deduplicated_cleaned");
        assertThat(m.rowCount()).isEqualTo(4);
        assertThat(m.heldCount()).isEqualTo(1);
        assertThat(m.files()).extracting(SnapshotManifest.FileEntry::path).containsExactly("part-0.parquet", "part-1.parquet");
        assertThat(m.heldFiles()).extracting(SnapshotManifest.FileEntry::path).containsExactly("_held/part-0.parquet");
        assertThat(m.consumedMvFiles()).containsExactly("mv/a.parquet");
        assertThat(m.previousSnapshotId()).isNull();
        assertThat(store.manifest(S0 + H).previousSnapshotId()).isEqualTo(S0);
        assertThat(m.consumedDimensionSnapshots()).containsEntry("members", S0);
    }

    @Test
    void manifestRoundTripsThroughJson() throws IOException {
        SnapshotManifest m = SnapshotManifest.of(S0, 123L, "members",
                List.of(new SnapshotManifest.FileEntry("part-0.parquet", 3, 100)),
                List.of(new SnapshotManifest.FileEntry("_held/part-0.parquet", 1, 50)),
                S0 - H, List.of("file:/mv/snapshot=2024-05-01T10/part-0.parquet"),
                Map.of("members", S0, "organizations", S0 - H), Map.of("k", "v"));
        String json = m.toJson();
        assertThat(json).contains("\"snapshotId\"", "\"consumedMvFiles\"", "\"heldFiles\"", "\"properties\"");
        assertThat(SnapshotManifest.fromJson(json)).isEqualTo(m);
        assertThat(SnapshotManifest.fromJson("{\"snapshotId\":1,\"dataset\":\"x\",\"futureField\":true}").files()).isEmpty();
        assertThat(m.rowCount()).isEqualTo(3);
        assertThat(m.heldCount()).isEqualTo(1);
    }

    @Test
    void nextConsumedMvFilesKeepsOnlyExistingFiles() {
        assertThat(SnapshotManifest.nextConsumedMvFiles(List.of("a", "b", "c"), List.of("d", "a"), p -> !p.equals("b")))
                .containsExactly("a", "c", "d");
    }

    @Test
    void rerunOfAPublishedSnapshotIsANoOp() throws IOException {
        SnapshotStore store = store(PublishStrategy.RENAME);
        publish(store, S0, 4, List.of());
        String before = Files.readString(local(store.manifestPath(S0)));

        assertThat(store.skipReason(S0)).contains(PublishResult.ALREADY_PUBLISHED);
        assertThat(publish(store, S0, 8, List.of())).isEqualTo(PublishResult.ALREADY_PUBLISHED);

        assertThat(Files.readString(local(store.manifestPath(S0)))).isEqualTo(before);
        assertThat(store.manifest(S0).rowCount()).isEqualTo(4);
        assertThat(store.listStaging()).isEmpty();
        assertThat(store.listPublished()).containsExactly(S0);
    }

    @Test
    void aSnapshotOlderThanTheLatestIsNotPublished() throws IOException {
        SnapshotStore store = store(PublishStrategy.RENAME);
        publish(store, S0 + H, 4, List.of());
        assertThat(store.skipReason(S0)).contains(PublishResult.OLDER_THAN_LATEST);
        assertThat(store.skipReason(S0 + 2 * H)).isEmpty();
        assertThat(publish(store, S0, 4, List.of())).isEqualTo(PublishResult.OLDER_THAN_LATEST);
        assertThat(store.listPublished()).containsExactly(S0 + H);
        assertThat(store.listStaging()).isEmpty();
    }

    @Test
    void aCrashedRunLeavingStagingIsInvisibleAndTheRerunCompletes() throws IOException {
        SnapshotStore store = store(PublishStrategy.RENAME);
        publish(store, S0, 2, List.of());
        // Crash: files written, even the manifest written into staging, but no rename.
        Staging crashed = store.stage(S0 + H);
        SnapshotManifest.FileEntry f = writeActivities(crashed.dataDir(), "part-0.parquet", ids("x", 3));
        ServingTestFiles.manifest(store, S0 + H, List.of(f), List.of(), List.of())
                .write(new Path(crashed.dir(), SnapshotManifest.FILE_NAME));

        assertThat(store.listPublished()).containsExactly(S0);
        assertThat(store.latest()).contains(S0);
        assertThat(store.listStaging()).hasSize(1);

        assertThat(publish(store, S0 + H, 5, List.of())).isEqualTo(PublishResult.PUBLISHED);
        assertThat(store.latest()).contains(S0 + H);
        assertThat(store.manifest(S0 + H).rowCount()).isEqualTo(5);
        // The crashed staging is someone else's: abandonStale removes it once old enough.
        assertThat(store.listStaging()).containsExactly(crashed.dir());
    }

    @Test
    void aSnapshotDirectoryWithoutManifestIsInvisibleAndReplacedByTheRerun() throws IOException {
        SnapshotStore store = store(PublishStrategy.RENAME);
        publish(store, S0, 2, List.of());
        // Debris of a crashed non-atomic publish: data files in snapshot=S, no manifest.
        Path debris = store.snapshotDir(S0 + H);
        writeActivities(debris, "part-0.parquet", ids("debris", 7));
        writeActivities(debris, "part-9.parquet", ids("debris2", 1));

        assertThat(store.listPublished()).containsExactly(S0);
        assertThat(store.listUnpublished()).containsExactly(S0 + H);
        assertThat(store.skipReason(S0 + H)).isEmpty();

        assertThat(publish(store, S0 + H, 4, List.of())).isEqualTo(PublishResult.PUBLISHED);
        assertThat(store.listPublished()).containsExactly(S0, S0 + H);
        assertThat(Files.exists(local(new Path(debris, "part-9.parquet")))).isFalse();
        assertThat(ServingTestFiles.parquetRows(local(new Path(debris, "part-0.parquet")))).isEqualTo(2);
    }

    @Test
    void directStrategyIsInvisibleUntilTheManifestExists() throws IOException {
        SnapshotStore store = store(PublishStrategy.DIRECT);
        publish(store, S0, 2, List.of());

        Staging st = store.stage(S0 + H);
        assertThat(st.inPlace()).isTrue();
        assertThat(st.dir()).isEqualTo(store.snapshotDir(S0 + H));
        SnapshotManifest.FileEntry f = writeActivities(st.dataDir(), "part-0.parquet", ids("d", 3));
        SnapshotManifest.FileEntry h = writeActivities(st.dataDir(), "_held/part-0.parquet", ids("h", 1));
        // Files are in snapshot=S/ but there is no manifest yet: readers don't see it.
        assertThat(Files.exists(local(st.dataFile("part-0.parquet")))).isTrue();
        assertThat(store.listPublished()).containsExactly(S0);
        assertThat(store.latest()).contains(S0);
        assertThat(store.listStaging()).isEmpty();

        assertThat(store.publish(st, ServingTestFiles.manifest(store, S0 + H, List.of(f), List.of(h), List.of())))
                .isEqualTo(PublishResult.PUBLISHED);
        assertThat(store.latest()).contains(S0 + H);
        assertThat(store.manifest(S0 + H).rowCount()).isEqualTo(3);

        // Rerun: a throwaway staging (never the published dir), discarded by publish.
        Staging rerun = store.stage(S0 + H);
        assertThat(rerun.inPlace()).isFalse();
        writeActivities(rerun.dataDir(), "part-0.parquet", ids("r", 9));
        assertThat(store.publish(rerun, ServingTestFiles.manifest(store, S0 + H,
                List.of(new SnapshotManifest.FileEntry("part-0.parquet", 9, 1)), List.of(), List.of())))
                .isEqualTo(PublishResult.ALREADY_PUBLISHED);
        assertThat(store.manifest(S0 + H).rowCount()).isEqualTo(3);
        assertThat(ServingTestFiles.parquetRows(local(store.snapshotDir(S0 + H).suffix("/part-0.parquet")))).isEqualTo(3);
        assertThat(store.listStaging()).isEmpty();
    }

    @Test
    void directStrategyRerunAfterACrashClearsTheDebris() throws IOException {
        SnapshotStore store = store(PublishStrategy.DIRECT);
        Staging crashed = store.stage(S0);
        writeActivities(crashed.dataDir(), "part-7.parquet", ids("crash", 2));
        assertThat(store.listPublished()).isEmpty();

        assertThat(publish(store, S0, 4, List.of())).isEqualTo(PublishResult.PUBLISHED);
        assertThat(Files.exists(local(crashed.dataFile("part-7.parquet")))).isFalse();
        assertThat(store.manifest(S0).rowCount()).isEqualTo(4);
    }

    @Test
    void strategyFollowsTheScheme() {
        assertThat(PublishStrategy.forUri(URI.create("s3://bucket/base"))).isEqualTo(PublishStrategy.DIRECT);
        assertThat(PublishStrategy.forUri(URI.create("s3a://bucket/base"))).isEqualTo(PublishStrategy.DIRECT);
        assertThat(PublishStrategy.forUri(URI.create("gs://bucket/base"))).isEqualTo(PublishStrategy.DIRECT);
        assertThat(PublishStrategy.forUri(URI.create("abfss://c@acct.dfs.core.windows.net/x"))).isEqualTo(PublishStrategy.DIRECT);
        assertThat(PublishStrategy.forUri(URI.create("hdfs://nn:8020/base"))).isEqualTo(PublishStrategy.RENAME);
        assertThat(PublishStrategy.forUri(URI.create("file:/tmp/base"))).isEqualTo(PublishStrategy.RENAME);
    }

    @Test
    void publishChecksTheManifestAgainstTheFiles() throws IOException {
        SnapshotStore store = store(PublishStrategy.RENAME);
        Staging st = store.stage(S0);
        SnapshotManifest.FileEntry f = writeActivities(st.dataDir(), "part-0.parquet", ids("a", 1));
        writeActivities(st.dataDir(), "part-1.parquet", ids("b", 1));
        assertThatThrownBy(() -> store.publish(st, ServingTestFiles.manifest(store, S0, List.of(f), List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part-1.parquet");
        assertThatThrownBy(() -> store.publish(st, ServingTestFiles.manifest(store, S0,
                List.of(f, new SnapshotManifest.FileEntry("part-2.parquet", 1, 1)), List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part-2.parquet");
        assertThatThrownBy(() -> store.publish(st, ServingTestFiles.manifest(store, S0 + H, List.of(f), List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.listPublished()).isEmpty();
        assertThatThrownBy(() -> store.stage(S0 + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partitionNamesParseBack() {
        assertThat(SnapshotStore.parseSnapshotDirName("snapshot=2024-05-01T11")).hasValue(S0);
        assertThat(SnapshotStore.parseSnapshotDirName("snapshot=2024-05-01T11:00")).isEmpty();
        assertThat(SnapshotStore.parseSnapshotDirName("_staging")).isEmpty();
        assertThat(SnapshotStore.parsePartitionValue("garbage")).isEmpty();
    }

    @Test
    void abandonStaleRemovesOnlyOldUnpublishedRuns() throws IOException {
        SnapshotStore writer = store(PublishStrategy.RENAME);
        publish(writer, S0, 2, List.of());
        Staging crashed = writer.stage(S0 + H);
        writeActivities(crashed.dataDir(), "part-0.parquet", ids("x", 1));
        writeActivities(writer.snapshotDir(S0 + 2 * H), "part-0.parquet", ids("y", 1));

        Instant now = Instant.now();
        SnapshotStore soon = SnapshotStore.open(root(), PublishStrategy.RENAME, Clock.fixed(now, ZoneOffset.UTC));
        assertThat(soon.abandonStale(Duration.ofHours(1))).isEmpty();
        assertThat(writer.listStaging()).hasSize(1);

        SnapshotStore later = SnapshotStore.open(root(), PublishStrategy.RENAME,
                Clock.fixed(now.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.abandonStale(Duration.ofHours(1))).hasSize(2);
        assertThat(writer.listStaging()).isEmpty();
        assertThat(writer.listUnpublished()).isEmpty();
        // Never a published snapshot, however old.
        assertThat(writer.listPublished()).containsExactly(S0);
        assertThat(writer.manifest(S0).rowCount()).isEqualTo(2);
    }
}
