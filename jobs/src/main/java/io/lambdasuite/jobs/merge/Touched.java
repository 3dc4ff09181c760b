package io.lambdasuite.jobs.merge;

import io.lambdasuite.udfs.model.ActivityRow;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;

/**
 * What a merge's new input can change in the previous snapshot: the timestamps of the delta's rows (the
 * timestamp is part of the dedup key, so a delta row can only supersede an old row with the same timestamp)
 * and the ids of the dimension rows with a new version (an old row referencing one must be enriched again).
 * An old row that matches neither keeps its version, enrichment and held reason as they are, so it can be
 * carried over without going through the keyed steps; a file none of whose rows can match is copied unread.
 *
 * <p>{@link #everything()} stands for "too much changed to track": every old row then goes through the keyed
 * steps, as if this class did not exist.
 */
final class Touched implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sorted, distinct. */
    private final long[] timestamps;
    private final Set<String> members;
    private final Set<String> organizations;
    private final Set<String> segments;
    private final boolean everything;
    private final OrganizationPatch organizationPatch;

    private Touched(long[] timestamps, Set<String> members, Set<String> organizations, Set<String> segments,
            boolean everything, OrganizationPatch organizationPatch) {
        this.timestamps = timestamps;
        this.members = members;
        this.organizations = organizations;
        this.segments = segments;
        this.everything = everything;
        this.organizationPatch = organizationPatch;
    }

    static Touched of(long[] timestamps, Set<String> members, Set<String> organizations, Set<String> segments,
            OrganizationPatch organizationPatch) {
        long[] sorted = Arrays.stream(timestamps).sorted().distinct().toArray();
        return new Touched(sorted, Set.copyOf(members), Set.copyOf(organizations), Set.copyOf(segments), false,
                organizationPatch);
    }

    static Touched everything() {
        return new Touched(new long[0], Set.of(), Set.of(), Set.of(), true, new OrganizationPatch(java.util.Map.of()));
    }

    /** How files whose only touch is an organization change are rewritten. */
    OrganizationPatch organizationPatch() {
        return organizationPatch;
    }

    boolean everythingTouched() {
        return everything;
    }

    /** Whether an old row may be superseded by the delta or needs the current dimensions again. */
    boolean row(ActivityRow r) {
        return everything || Arrays.binarySearch(timestamps, r.timestamp) >= 0 || members.contains(r.memberId)
                || organizations.contains(r.organizationId) || segments.contains(r.segmentId);
    }

    /** Whether some delta timestamp lies in [min, max]. */
    boolean timestampIn(long min, long max) {
        if (everything) {
            return true;
        }
        int i = Arrays.binarySearch(timestamps, min);
        int insertion = i >= 0 ? i : -i - 1;
        return insertion < timestamps.length && timestamps[insertion] <= max;
    }

    Set<String> members() {
        return members;
    }

    Set<String> organizations() {
        return organizations;
    }

    Set<String> segments() {
        return segments;
    }

    int deltaTimestamps() {
        return timestamps.length;
    }
}
