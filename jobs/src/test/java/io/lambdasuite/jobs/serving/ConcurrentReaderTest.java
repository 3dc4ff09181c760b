package io.lambdasuite.jobs.serving;

import static io.lambdasuite.jobs.serving.ServingTestFiles.H;
import static io.lambdasuite.jobs.serving.ServingTestFiles.S0;
import static io.lambdasuite.jobs.serving.ServingTestFiles.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader polling {@code latest()} while snapshots are published never sees a partial or empty snapshot. */
class ConcurrentReaderTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void readerNeverSeesAPartialOrEmptySnapshot() throws Exception {
        SnapshotStore writer = SnapshotStore.open(new Path(tmp.resolve("activities").toUri()));
        SnapshotStore reader = SnapshotStore.open(new Path(tmp.resolve("activities").toUri()));
        int snapshots = 20;

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);

        Thread t = new Thread(() -> {
            try {
                boolean last = false;
                while (!last && System.nanoTime() < deadline) {
                    last = done.get(); // one more full read after the writer finished
                    Optional<Long> latest = reader.latest();
                    if (latest.isEmpty()) {
                        continue;
                    }
                    long id = latest.get();
                    SnapshotManifest m = reader.manifest(id);
                    String err = check(reader, id, m);
                    if (err != null) {
                        problems.add(err);
                    }
                    seen.add(id);
                    reads.incrementAndGet();
                }
            } catch (Throwable e) {
                problems.add("reader failed: " + e);
            }
        }, "snapshot-reader");
        t.start();

        for (int i = 0; i < snapshots; i++) {
            long id = S0 + i * H;
            assertThat(ServingTestFiles.publish(writer, id, 2 + i, List.of())).isEqualTo(PublishResult.PUBLISHED);
        }
        done.set(true);
        t.join(TimeUnit.SECONDS.toMillis(70));

        assertThat(t.isAlive()).isFalse();
        assertThat(problems).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(seen).contains(S0 + (snapshots - 1) * H);
        assertThat(writer.listPublished()).hasSize(snapshots);
    }

    /** Everything the manifest lists is there with its size and rows, and nothing else is visible. */
    private static String check(SnapshotStore store, long id, SnapshotManifest m) throws IOException {
        if (m.snapshotId() != id) {
            return "manifest of " + id + " says " + m.snapshotId();
        }
        if (m.rowCount() == 0 || m.files().isEmpty()) {
            return "empty snapshot " + id;
        }
        java.nio.file.Path dir = local(store.snapshotDir(id));
        long rows = 0;
        for (SnapshotManifest.FileEntry f : m.files()) {
            java.nio.file.Path p = dir.resolve(f.path());
            if (!Files.exists(p) || Files.size(p) != f.bytes()) {
                return "snapshot " + id + ": file " + f.path() + " missing or partial";
            }
            rows += ServingTestFiles.parquetRows(p);
        }
        if (rows != m.rowCount()) {
            return "snapshot " + id + ": " + rows + " rows, manifest says " + m.rowCount();
        }
        Set<String> visible = new HashSet<>();
        try (Stream<java.nio.file.Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).forEach(visible::add);
        }
        List<String> listed = new ArrayList<>();
        m.files().forEach(f -> listed.add(f.path()));
        if (!visible.equals(new HashSet<>(listed))) {
            return "snapshot " + id + ": visible files " + visible + " != manifest " + listed;
        }
        return null;
    }
}
