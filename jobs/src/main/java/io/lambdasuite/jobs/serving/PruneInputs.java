package io.lambdasuite.jobs.serving;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Lists what {@link PrunePlanner} needs, through Flink's {@link FileSystem}. */
public final class PruneInputs {
    private PruneInputs() {}

    /**
     * The state of one serving dataset and the MV dataset it consumes. Only the latest manifest is read: its
     * consumed-MV-file list is cumulative (SPEC §4).
     *
     * @param serving the serving dataset
     * @param mvRoot the MV dataset root, Hive-partitioned by hour ({@code <key>=yyyy-MM-ddTHH/part-*}); null for none
     * @param now the time of the run, epoch ms
     */
    public static PrunePlanner.Inputs collect(SnapshotStore serving, Path mvRoot, long now) throws IOException {
        List<PrunePlanner.PublishedSnapshot> published = new ArrayList<>();
        List<Long> ids = serving.listPublished();
        Optional<Long> latest = ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
        for (long id : ids) {
            List<String> consumed = latest.isPresent() && latest.get() == id
                    ? serving.manifest(id).consumedMvFiles()
                    : List.of();
            published.add(new PrunePlanner.PublishedSnapshot(id, consumed));
        }
        List<String> staging = serving.listStaging().stream().map(Path::toString).toList();
        List<PrunePlanner.MvFile> mvFiles = mvRoot == null ? List.of() : listMvFiles(mvRoot);
        return new PrunePlanner.Inputs(published, serving.listUnpublished(), staging, mvFiles, now);
    }

    /**
     * The visible files of an hour-partitioned MV dataset: {@code <root>/<key>=<partitionValue>/<file>}, skipping
     * hidden and underscore-prefixed names (in-progress part files, dead letters...).
     */
    public static List<PrunePlanner.MvFile> listMvFiles(Path mvRoot) throws IOException {
        FileSystem fs = mvRoot.getFileSystem();
        List<PrunePlanner.MvFile> out = new ArrayList<>();
        for (FileStatus partition : list(fs, mvRoot)) {
            String name = partition.getPath().getName();
            int eq = name.indexOf('=');
            if (!partition.isDir() || eq < 0 || SnapshotStore.hidden(name)) {
                continue;
            }
            OptionalLong hour = SnapshotStore.parsePartitionValue(name.substring(eq + 1));
            if (hour.isEmpty()) {
                continue;
            }
            for (FileStatus f : list(fs, partition.getPath())) {
                if (!f.isDir() && !SnapshotStore.hidden(f.getPath().getName())) {
                    out.add(new PrunePlanner.MvFile(f.getPath().toString(), hour.getAsLong(), f.getModificationTime()));
                }
            }
        }
        return out;
    }

    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        try {
            FileStatus[] st = fs.listStatus(dir);
            return st == null ? List.of() : List.of(st);
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }
}
