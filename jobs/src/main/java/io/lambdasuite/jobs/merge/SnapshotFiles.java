package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.serving.PruneInputs;
import io.lambdasuite.jobs.serving.PrunePlanner;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What the batch jobs over serving snapshots share: listing a snapshot's files, reading Parquet files into a
 * stream of POJOs, checking files that may have been pruned.
 */
final class SnapshotFiles {
    private SnapshotFiles() {}

    /** The absolute paths of a published snapshot's published-row files (never its held rows). */
    static List<String> published(SnapshotStore store, SnapshotManifest m) {
        return paths(store, m, m.files());
    }

    /** The absolute paths of a published snapshot's held-row files. */
    static List<String> held(SnapshotStore store, SnapshotManifest m) {
        return paths(store, m, m.heldFiles());
    }

    private static List<String> paths(SnapshotStore store, SnapshotManifest m, List<SnapshotManifest.FileEntry> entries) {
        Path dir = store.snapshotDir(m.snapshotId());
        List<String> out = new ArrayList<>();
        for (SnapshotManifest.FileEntry f : entries) {
            out.add(new Path(dir, f.path()).toString());
        }
        return out;
    }

    /** The visible Parquet files directly in {@code dir}; none when it does not exist. */
    static List<Path> parquetFiles(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        List<Path> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (!f.isDir() && name.endsWith(".parquet") && !SnapshotStore.hidden(name)) {
                out.add(f.getPath());
            }
        }
        return out;
    }

    /**
     * The files of an MV dataset not consumed by {@code previous} (the dataset's latest snapshot), with a
     * partition at most {@code maxPartition}: what a merge reads next.
     */
    static List<String> unconsumedMvFiles(Path dataset, Optional<SnapshotManifest> previous, long maxPartition)
            throws IOException {
        List<String> out = new ArrayList<>();
        for (PrunePlanner.MvFile f : PrunePlanner.notConsumed(PruneInputs.listMvFiles(dataset),
                previous.map(SnapshotManifest::consumedMvFiles).orElse(List.of()))) {
            if (f.partitionSnapshotId() <= maxPartition) {
                out.add(f.path());
            }
        }
        return out;
    }

    /** Whether a consumed file still exists; true when that cannot be told (forgetting it would read it again). */
    static boolean exists(FileSystem fs, String path) {
        try {
            return fs.exists(new Path(path));
        } catch (IOException e) {
            return true;
        }
    }
}
