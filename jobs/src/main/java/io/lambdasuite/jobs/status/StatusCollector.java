package io.lambdasuite.jobs.status;

import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.parquet.ParquetFiles;
import io.lambdasuite.jobs.parquet.RowParquetReaders;
import io.lambdasuite.jobs.schedule.JobLog;
import io.lambdasuite.jobs.schedule.ScheduleOptions;
import io.lambdasuite.jobs.serving.PruneInputs;
import io.lambdasuite.jobs.serving.PrunePlanner;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads what {@link StatusReport} holds from a base path, through Flink's {@link FileSystem} (local, HDFS, S3):
 * manifests for snapshots and their row counts, MV listings and Parquet footers for what waits to be merged,
 * the job log's last files, and the reason and time columns of recent dead letters. Read only; prints nothing
 * and reads no Kafka settings, so no secret can reach the report.
 */
public final class StatusCollector {
    private StatusCollector() {}

    /** The reason and time columns of a dead letter: only these are read from {@code _dead_letters}. */
    public static final class RejectedReason {
        public String reason = "";
        public long rejectedAt;

        public RejectedReason() {}
    }

    /** Collects the report for the options of {@code lambda status} at {@code clock}'s now. */
    public static StatusReport collect(Configuration o, Clock clock) throws IOException {
        String base = StreamJob.absolute(o.get(MergeOptions.BASE_PATH));
        Instant now = clock.instant();
        List<StatusReport.DatasetStatus> datasets = new ArrayList<>();
        datasets.add(dataset(base, MergeJob.SERVING, StatusReport.Kind.SERVING,
                Table.ACTIVITY_RELATIONS.mvDataset()));
        Set<String> known = new LinkedHashSet<>(List.of(MergeJob.SERVING, Table.ACTIVITY_RELATIONS.mvDataset()));
        for (Table t : List.of(Table.MEMBERS, Table.ORGANIZATIONS, Table.SEGMENTS, Table.REPOSITORIES)) {
            datasets.add(dataset(base, t.tableName(), StatusReport.Kind.DIMENSION, t.mvDataset()));
            known.add(t.tableName());
            known.add(t.mvDataset());
        }
        for (String other : otherSnapshotDatasets(base, known)) {
            datasets.add(dataset(base, other, StatusReport.Kind.OTHER, null));
        }
        JobLog log = new JobLog(ScheduleOptions.jobLogDir(o));
        List<StatusReport.JobStatus> jobs = new ArrayList<>();
        for (String job : log.jobs()) {
            jobs.add(new StatusReport.JobStatus(job, log.readLatest(job, o.get(StatusOptions.RUNS))));
        }
        Instant since = now.minus(o.get(StatusOptions.DEAD_LETTER_WINDOW));
        return new StatusReport(now, base, o.get(StatusOptions.MAX_AGE), datasets, jobs,
                deadLetters(new Path(base, ParquetDatasets.DEAD_LETTERS), since));
    }

    /**
     * One snapshot dataset and the MV it consumes. {@code mvName} null: the MV is found from the latest
     * manifest's consumed files (their partition directory's parent), for datasets this class does not know.
     */
    static StatusReport.DatasetStatus dataset(String base, String name, StatusReport.Kind kind, String mvName)
            throws IOException {
        SnapshotStore store = SnapshotStore.open(new Path(base, name));
        List<Long> published = store.listPublished();
        SnapshotManifest latest = published.isEmpty() ? null : store.manifest(published.get(published.size() - 1));
        List<String> consumed = latest == null ? List.of() : latest.consumedMvFiles();
        Path mvRoot = mvName != null ? new Path(base, mvName) : mvRootOf(consumed);
        return new StatusReport.DatasetStatus(name, kind,
                latest == null ? null : new StatusReport.SnapshotStatus(latest.snapshotId(),
                        Instant.ofEpochMilli(latest.createdAt()), latest.rowCount(), latest.heldCount()),
                published.size(), published.isEmpty() ? null : published.get(0),
                store.listUnpublished().size(), store.listStaging().size(),
                mvRoot == null ? null : mv(mvRoot, consumed));
    }

    private static Path mvRootOf(List<String> consumed) {
        for (String file : consumed) {
            Path partition = new Path(file).getParent();
            if (partition != null && partition.getParent() != null) {
                return partition.getParent();
            }
        }
        return null;
    }

    /** The MV's files, and those not consumed by the latest snapshot (the merge's test) with their footer rows. */
    static StatusReport.MvStatus mv(Path mvRoot, List<String> consumed) throws IOException {
        List<PrunePlanner.MvFile> files = PruneInputs.listMvFiles(mvRoot);
        Long latestPartition = null;
        long lastWrite = Long.MIN_VALUE;
        for (PrunePlanner.MvFile f : files) {
            latestPartition = latestPartition == null ? f.partitionSnapshotId()
                    : Math.max(latestPartition, f.partitionSnapshotId());
            lastWrite = Math.max(lastWrite, f.modificationTime());
        }
        List<PrunePlanner.MvFile> waiting = PrunePlanner.notConsumed(files, consumed);
        long rows = 0;
        Long oldestPartition = null;
        long oldestWrite = Long.MAX_VALUE;
        for (PrunePlanner.MvFile f : waiting) {
            rows += ParquetFiles.rowCount(new Path(f.path()));
            oldestPartition = oldestPartition == null ? f.partitionSnapshotId()
                    : Math.min(oldestPartition, f.partitionSnapshotId());
            oldestWrite = Math.min(oldestWrite, f.modificationTime());
        }
        return new StatusReport.MvStatus(mvRoot.getName(), files.size(), latestPartition,
                files.isEmpty() ? null : Instant.ofEpochMilli(lastWrite), waiting.size(), rows, oldestPartition,
                waiting.isEmpty() ? null : Instant.ofEpochMilli(oldestWrite));
    }

    /** Directories under the base path, other than {@code known}, holding at least one published snapshot. */
    private static List<String> otherSnapshotDatasets(String base, Set<String> known) throws IOException {
        List<String> out = new ArrayList<>();
        for (FileStatus st : list(new Path(base))) {
            String name = st.getPath().getName();
            if (st.isDir() && !SnapshotStore.hidden(name) && !known.contains(name)
                    && !SnapshotStore.open(st.getPath()).listPublished().isEmpty()) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Counts by reason the dead letters rejected at or after {@code since}. Only partitions of that hour or later
     * are opened ({@code rejected=<hour>} is the hour of {@code rejectedAt}), and only two columns are read.
     */
    static StatusReport.DeadLetterStatus deadLetters(Path root, Instant since) throws IOException {
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return new StatusReport.DeadLetterStatus(since, false, Map.of());
        }
        long fromHour = SnapshotIds.hourOf(since.toEpochMilli());
        Map<String, Long> byReason = new HashMap<>();
        for (PrunePlanner.MvFile f : PruneInputs.listMvFiles(root)) {
            if (f.partitionSnapshotId() < fromHour || !f.path().endsWith(".parquet")) {
                continue;
            }
            // No dataset check (schema null): the projection names two columns of Schemas.DEAD_LETTER.
            RowParquetReaders.forEach(new Path(f.path()), RejectedReason.class, null, r -> {
                if (r.rejectedAt >= since.toEpochMilli()) {
                    byReason.merge(r.reason, 1L, Long::sum);
                }
            });
        }
        return new StatusReport.DeadLetterStatus(since, true, new LinkedHashMap<>(byReason));
    }

    private static List<FileStatus> list(Path dir) throws IOException {
        try {
            FileStatus[] st = dir.getFileSystem().listStatus(dir);
            return st == null ? List.of() : List.of(st);
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }
}
