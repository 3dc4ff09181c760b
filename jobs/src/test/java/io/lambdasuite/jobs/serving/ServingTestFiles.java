package io.lambdasuite.jobs.serving;

import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/** Tiny Parquet files and manifests for the serving tests. */
final class ServingTestFiles {
    static final long S0 = 1_714_561_200_000L; // 2024-05-01T11:00Z
    static final long H = SnapshotIds.HOUR_MS;

    private ServingTestFiles() {}

    static java.nio.file.Path local(Path p) {
        return Paths.get(p.toUri().getPath());
    }

    /** Writes activities with the given ids to {@code file}; returns its manifest entry relative to {@code dir}. */
    static SnapshotManifest.FileEntry writeActivities(Path dir, String relative, List<String> activityIds)
            throws IOException {
        Path file = new Path(dir, relative);
        java.nio.file.Path out = local(file);
        Files.createDirectories(out.getParent());
        try (ParquetWriter<ActivityRow> w = RowParquetWriters.open(new LocalOutputFile(out), Schemas.ACTIVITY)) {
            for (String id : activityIds) {
                ActivityRow r = new ActivityRow();
                r.activityId = id;
                r.type = "comment";
                r.platform = "github";
                w.write(r);
            }
        }
        return new SnapshotManifest.FileEntry(relative, activityIds.size(), Files.size(out));
    }

    static long parquetRows(java.nio.file.Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            return r.getRecordCount();
        }
    }

    static List<String> ids(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    static SnapshotManifest manifest(
            SnapshotStore store, long id, List<SnapshotManifest.FileEntry> files,
            List<SnapshotManifest.FileEntry> held, List<String> consumedMv) {
        return SnapshotManifest.of(id, id + 10 * 60_000L, store.dataset(), files, held,
                id == S0 ? null : id - H, consumedMv, Map.of("members", id), Map.of("job", "test"));
    }

    /** Stages and publishes snapshot {@code id} with {@code rows} published rows (ids {@code <id>-n}) and one held row. */
    static PublishResult publish(SnapshotStore store, long id, int rows, List<String> consumedMv) throws IOException {
        Staging st = store.stage(id);
        List<String> ids = ids(SnapshotIds.partitionValue(id), rows);
        int half = rows / 2;
        List<SnapshotManifest.FileEntry> files = new ArrayList<>();
        files.add(writeActivities(st.dataDir(), "part-0.parquet", ids.subList(0, half)));
        files.add(writeActivities(st.dataDir(), "part-1.parquet", ids.subList(half, rows)));
        List<SnapshotManifest.FileEntry> held = List.of(
                writeActivities(st.dataDir(), Staging.heldRelative("part-0.parquet"), List.of("held-" + id)));
        return store.publish(st, manifest(store, id, files, held, consumedMv));
    }
}
