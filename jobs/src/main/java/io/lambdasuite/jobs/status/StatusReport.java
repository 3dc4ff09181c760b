package io.lambdasuite.jobs.status;

import io.lambdasuite.jobs.schedule.JobRunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code lambda status} found under a base path at one instant: the seed's troubleshooting checklist
 * ("is the MV running, is the copy scheduled, is serving behind, what was rejected") as data. Rendered by
 * {@link StatusTable} and {@link StatusJson}; {@link #exitCode()} is what alerting reads.
 *
 * @param now when the report was taken (the injected clock)
 * @param basePath the base path looked at
 * @param maxAge how old the serving snapshot may be before {@link #health()} says {@link Health#STALE}
 * @param datasets every snapshot dataset: activities serving first, then the current dimensions, then others
 * @param jobs the last runs of each job in the job log
 * @param deadLetters dead letters rejected since {@link DeadLetterStatus#since()}, by reason
 */
public record StatusReport(Instant now, String basePath, Duration maxAge, List<DatasetStatus> datasets,
        List<JobStatus> jobs, DeadLetterStatus deadLetters) {

    /** Exit code: the serving snapshot exists and is at most {@code maxAge} old. */
    public static final int EXIT_OK = 0;
    /** Exit code of an error (unreadable base path, ...): picocli's code for an exception in a command. */
    public static final int EXIT_ERROR = 1;
    /** Exit code: the serving snapshot is older than {@code maxAge}, or none is published. */
    public static final int EXIT_STALE = 2;
    /** Exit code of a bad command line (distinct from {@link #EXIT_STALE}, which is picocli's default for it). */
    public static final int EXIT_USAGE = 64;

    /** How the serving snapshot of activities is. */
    public enum Health {
        OK,
        STALE,
        MISSING
    }

    /** Which role a dataset plays. */
    public enum Kind {
        /** The serving snapshots of activities ({@code activityRelations_deduplicated_cleaned}). */
        SERVING,
        /** A current dimension table ({@code members}, ...). */
        DIMENSION,
        /** Any other snapshot dataset found under the base path ({@code pull_requests_analyzed}, ...). */
        OTHER
    }

    public StatusReport {
        Objects.requireNonNull(now, "now");
        datasets = List.copyOf(datasets);
        jobs = List.copyOf(jobs);
    }

    /**
     * One snapshot dataset.
     *
     * @param dataset the directory name under the base path
     * @param latest the newest published snapshot, or null when none is
     * @param publishedSnapshots how many published snapshots there are (pruning keeps a few hours)
     * @param oldestSnapshotId the oldest published one, or null
     * @param unpublishedDirs snapshot directories without a manifest (a run in progress or crash debris)
     * @param stagingDirs staging directories (a run in progress or crash debris)
     * @param mv the MV dataset it is merged from, or null when none is known
     */
    public record DatasetStatus(String dataset, Kind kind, SnapshotStatus latest, int publishedSnapshots,
            Long oldestSnapshotId, int unpublishedDirs, int stagingDirs, MvStatus mv) {}

    /**
     * A published snapshot, from its manifest.
     *
     * @param snapshotId epoch ms of its UTC hour
     * @param publishedAt when its manifest was written
     * @param rows published rows
     * @param heldRows held rows (failing a filter, kept for repair)
     */
    public record SnapshotStatus(long snapshotId, Instant publishedAt, long rows, long heldRows) {}

    /**
     * An MV dataset and what of it no published snapshot has consumed yet (SPEC §4: file-level bookkeeping).
     *
     * @param dataset the MV directory name
     * @param files visible MV files
     * @param latestPartition the newest partition hour with a file, or null: is the streaming job writing?
     * @param lastWrite the newest modification time of a file, or null
     * @param waitingFiles files not consumed by the latest published snapshot
     * @param waitingRows rows in them (Parquet footers)
     * @param oldestWaitingPartition the oldest partition hour among them, or null
     * @param oldestWaitingWrittenAt when the oldest of them was written, or null: how long rows have waited
     */
    public record MvStatus(String dataset, int files, Long latestPartition, Instant lastWrite, int waitingFiles,
            long waitingRows, Long oldestWaitingPartition, Instant oldestWaitingWrittenAt) {}

    /** The last runs of one job of the job log, oldest first. */
    public record JobStatus(String job, List<JobRunRecord> lastRuns) {
        public JobStatus {
            lastRuns = List.copyOf(lastRuns);
        }
    }

    /**
     * Dead letters of the {@code _dead_letters} dataset rejected at or after {@code since}.
     *
     * @param present whether the dataset exists (dead letters sent to a Kafka topic are not seen here)
     * @param byReason count per reason code, sorted by reason
     */
    public record DeadLetterStatus(Instant since, boolean present, Map<String, Long> byReason) {
        public DeadLetterStatus {
            byReason = Collections.unmodifiableMap(new TreeMap<>(byReason));
        }

        public long total() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The activities serving dataset (always the first). */
    public DatasetStatus serving() {
        return datasets.stream().filter(d -> d.kind() == Kind.SERVING).findFirst()
                .orElseThrow(() -> new IllegalStateException("no serving dataset in the report"));
    }

    /** From a snapshot's hour to {@link #now}: how far behind the data readers see is. */
    public Duration age(SnapshotStatus s) {
        return Duration.ofMillis(now.toEpochMilli() - s.snapshotId());
    }

    public Health health() {
        SnapshotStatus latest = serving().latest();
        if (latest == null) {
            return Health.MISSING;
        }
        return age(latest).compareTo(maxAge) > 0 ? Health.STALE : Health.OK;
    }

    /** {@link #EXIT_OK} when healthy, else {@link #EXIT_STALE}. */
    public int exitCode() {
        return health() == Health.OK ? EXIT_OK : EXIT_STALE;
    }
}
