package io.lambdasuite.jobs.serving;

import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.core.fs.Path;

/**
 * Retention (SPEC §5) as a pure function of what exists; no IO.
 *
 * <ul>
 *   <li>Serving: a published snapshot older than {@code latest − servingTtl} is deleted. The latest published
 *       snapshot is never deleted, whatever its age. Unpublished snapshot directories and staging directories
 *       are never deleted here (they are in-progress runs or crash debris, see
 *       {@link SnapshotStore#abandonStale}).
 *   <li>MV files: deleted when older than {@code mvTtl} after their partition's snapshot id AND listed as
 *       consumed by the latest published snapshot's manifest (a cumulative list, SPEC §4). An MV file no
 *       published snapshot consumed is never deleted, whatever its age.
 * </ul>
 */
public final class PrunePlanner {
    private PrunePlanner() {}

    public static final Duration DEFAULT_SERVING_TTL = Duration.ofHours(6);
    public static final Duration DEFAULT_MV_TTL = Duration.ofDays(1);

    /** Retention options. */
    public record Options(Duration servingTtl, Duration mvTtl) {
        public static final Options DEFAULTS = new Options(DEFAULT_SERVING_TTL, DEFAULT_MV_TTL);

        public Options {
            Objects.requireNonNull(servingTtl, "servingTtl");
            Objects.requireNonNull(mvTtl, "mvTtl");
            if (servingTtl.isNegative() || mvTtl.isNegative()) {
                throw new IllegalArgumentException("negative TTL");
            }
        }
    }

    /** A published serving snapshot and the MV files its manifest lists as consumed. */
    public record PublishedSnapshot(long snapshotId, Collection<String> consumedMvFiles) {
        public PublishedSnapshot {
            consumedMvFiles = List.copyOf(consumedMvFiles);
        }

        public static PublishedSnapshot of(SnapshotManifest m) {
            return new PublishedSnapshot(m.snapshotId(), m.consumedMvFiles());
        }
    }

    /** An MV file: its path as listed, its partition hour (snapshot id) and its modification time (epoch ms). */
    public record MvFile(String path, long partitionSnapshotId, long modificationTime) {}

    /**
     * Everything the planner looks at.
     *
     * @param published published serving snapshots (any order)
     * @param unpublishedSnapshotIds snapshot directories without a manifest (never deleted, listed as kept)
     * @param stagingDirs staging directories (never deleted, listed as kept)
     * @param mvFiles the MV files
     * @param now the time of the run, epoch ms
     */
    public record Inputs(
            List<PublishedSnapshot> published,
            List<Long> unpublishedSnapshotIds,
            List<String> stagingDirs,
            List<MvFile> mvFiles,
            long now) {
        public Inputs {
            published = List.copyOf(published);
            unpublishedSnapshotIds = List.copyOf(unpublishedSnapshotIds);
            stagingDirs = List.copyOf(stagingDirs);
            mvFiles = List.copyOf(mvFiles);
        }
    }

    public static PrunePlan plan(Inputs in, Options options) {
        List<PrunePlan.SnapshotDeletion> snapshots = new ArrayList<>();
        List<PrunePlan.FileDeletion> files = new ArrayList<>();
        List<PrunePlan.Kept> kept = new ArrayList<>();

        for (long id : in.unpublishedSnapshotIds()) {
            kept.add(new PrunePlan.Kept(SnapshotIds.partitionDir(id), "not published (in progress or crash debris)"));
        }
        for (String dir : in.stagingDirs()) {
            kept.add(new PrunePlan.Kept(dir, "staging directory (in-progress run)"));
        }

        PublishedSnapshot latest = in.published().stream()
                .max(Comparator.comparingLong(PublishedSnapshot::snapshotId))
                .orElse(null);
        if (latest == null) {
            for (MvFile f : in.mvFiles()) {
                kept.add(new PrunePlan.Kept(f.path(), "no published snapshot has consumed it"));
            }
            return new PrunePlan(snapshots, files, kept);
        }

        long servingCutoff = latest.snapshotId() - options.servingTtl().toMillis();
        in.published().stream()
                .map(PublishedSnapshot::snapshotId)
                .distinct()
                .sorted()
                .forEach(id -> {
                    if (id == latest.snapshotId()) {
                        kept.add(new PrunePlan.Kept(SnapshotIds.partitionDir(id), "latest published snapshot"));
                    } else if (id < servingCutoff) {
                        snapshots.add(new PrunePlan.SnapshotDeletion(id, "older than latest "
                                + SnapshotIds.partitionValue(latest.snapshotId()) + " - " + options.servingTtl()));
                    } else {
                        kept.add(new PrunePlan.Kept(SnapshotIds.partitionDir(id), "within serving TTL"));
                    }
                });

        Set<String> consumed = new HashSet<>();
        for (String p : latest.consumedMvFiles()) {
            consumed.add(fileKey(p));
        }
        long mvTtl = options.mvTtl().toMillis();
        for (MvFile f : in.mvFiles()) {
            boolean expired = in.now() - f.partitionSnapshotId() > mvTtl;
            boolean isConsumed = consumed.contains(fileKey(f.path()));
            if (!isConsumed) {
                kept.add(new PrunePlan.Kept(f.path(), "not consumed by the latest published snapshot"));
            } else if (!expired) {
                kept.add(new PrunePlan.Kept(f.path(), "within MV TTL"));
            } else {
                files.add(new PrunePlan.FileDeletion(f.path(), "consumed by snapshot "
                        + SnapshotIds.partitionValue(latest.snapshotId()) + " and partition "
                        + SnapshotIds.partitionValue(f.partitionSnapshotId()) + " older than " + options.mvTtl()
                        + " (modified " + Instant.ofEpochMilli(f.modificationTime()) + ")"));
            }
        }
        return new PrunePlan(snapshots, files, kept);
    }

    /**
     * The MV files not in {@code consumed} (matched by {@link #fileKey}): what a merge has not merged yet, the
     * same test the merge applies to the latest manifest's consumed list.
     */
    public static List<MvFile> notConsumed(Collection<MvFile> files, Collection<String> consumed) {
        Set<String> keys = new HashSet<>();
        for (String p : consumed) {
            keys.add(fileKey(p));
        }
        List<MvFile> out = new ArrayList<>();
        for (MvFile f : files) {
            if (!keys.contains(fileKey(f.path()))) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * MV paths are compared by their URI path: the merge may have recorded {@code file:/x} where a listing
     * says {@code /x}. (All MV files of one dataset live under one root, so the scheme adds nothing.)
     */
    public static String fileKey(String path) {
        return new Path(path).toUri().getPath();
    }
}
