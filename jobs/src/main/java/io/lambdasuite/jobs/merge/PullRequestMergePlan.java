package io.lambdasuite.jobs.merge;

import io.lambdasuite.udfs.rules.SnapshotIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code pull_requests} merge recomputes (SPEC §6): every PR (full), or only the PRs touched since the
 * previous PR snapshot, carrying the others over (incremental). Incremental needs an unbroken chain of
 * activities snapshots from the one the previous PR snapshot was built from to the target, each with its
 * {@code _pr_touched} keys; anything else falls back to a full recomputation, which is always correct. A pure
 * decision over what the driver listed.
 *
 * @param full recompute every PR
 * @param reason why, in a few words (logged and kept in the manifest)
 * @param touchedSnapshots incremental only: the activities snapshots whose {@code _pr_touched} keys to read,
 *     newest first (every snapshot after the previous PR snapshot's, up to the target)
 */
public record PullRequestMergePlan(boolean full, String reason, List<Long> touchedSnapshots) {
    /** What the driver knows about one published activities snapshot. */
    public record ActivitiesSnapshot(Long previousSnapshotId, boolean hasTouchedKeys) {}

    /** Looks up a published activities snapshot; empty when it is not (or no longer) published. */
    public interface ActivitiesSnapshots {
        Optional<ActivitiesSnapshot> published(long snapshotId) throws Exception;
    }

    /**
     * @param builtFrom the activities snapshot the previous PR snapshot was computed from; null when there is no
     *     previous PR snapshot (or it does not say)
     * @param target the activities snapshot to compute from
     * @param forceFull a bootstrap: always full
     */
    public static PullRequestMergePlan decide(Long builtFrom, long target, boolean forceFull,
            ActivitiesSnapshots activities) throws Exception {
        if (forceFull) {
            return full("full recomputation requested");
        }
        if (builtFrom == null) {
            return full("no previous pull request snapshot");
        }
        if (builtFrom >= target) {
            return full("the previous pull request snapshot is not older than activities snapshot "
                    + SnapshotIds.partitionValue(target));
        }
        List<Long> chain = new ArrayList<>();
        long id = target;
        while (id != builtFrom) {
            Optional<ActivitiesSnapshot> s = activities.published(id);
            if (s.isEmpty()) {
                return full("activities snapshot " + SnapshotIds.partitionValue(id) + " is no longer published");
            }
            if (!s.get().hasTouchedKeys()) {
                return full("activities snapshot " + SnapshotIds.partitionValue(id) + " has no _pr_touched keys");
            }
            chain.add(id);
            Long previous = s.get().previousSnapshotId();
            if (previous == null || previous < builtFrom) {
                return full("activities snapshot " + SnapshotIds.partitionValue(id) + " does not follow "
                        + SnapshotIds.partitionValue(builtFrom) + " (an initial snapshot, or a broken chain)");
            }
            id = previous;
        }
        return new PullRequestMergePlan(false, "incremental over " + chain.size() + " activities snapshot(s)",
                List.copyOf(chain));
    }

    private static PullRequestMergePlan full(String reason) {
        return new PullRequestMergePlan(true, reason, List.of());
    }
}
