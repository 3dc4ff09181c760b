package io.lambdasuite.jobs.serving;

import java.util.List;

/**
 * What a prune run deletes (and, for the log, what it deliberately keeps), each with its reason. Built by
 * {@link PrunePlanner} without any IO, applied by {@link PruneExecutor}.
 *
 * @param snapshotDeletions serving snapshot directories to delete
 * @param mvFileDeletions MV files to delete
 * @param kept items considered and kept, with why (latest snapshot, unconsumed MV file, staging...)
 */
public record PrunePlan(
        List<SnapshotDeletion> snapshotDeletions, List<FileDeletion> mvFileDeletions, List<Kept> kept) {

    public PrunePlan {
        snapshotDeletions = List.copyOf(snapshotDeletions);
        mvFileDeletions = List.copyOf(mvFileDeletions);
        kept = List.copyOf(kept);
    }

    /** A published serving snapshot to delete. */
    public record SnapshotDeletion(long snapshotId, String reason) {}

    /** An MV file to delete (path as listed). */
    public record FileDeletion(String path, String reason) {}

    /** Something considered and not deleted. */
    public record Kept(String item, String reason) {}

    public boolean isEmpty() {
        return snapshotDeletions.isEmpty() && mvFileDeletions.isEmpty();
    }

    public List<Long> snapshotIds() {
        return snapshotDeletions.stream().map(SnapshotDeletion::snapshotId).toList();
    }

    public List<String> mvPaths() {
        return mvFileDeletions.stream().map(FileDeletion::path).toList();
    }
}
