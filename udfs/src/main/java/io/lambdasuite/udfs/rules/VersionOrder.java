package io.lambdasuite.udfs.rules;

import io.lambdasuite.udfs.model.Versioned;

/**
 * Which of two versions of a row is newer (SPEC §2): the greater (updatedAt, commitLsn, commitIdx), compared
 * in that order. An equal triple is a duplicate. Arrival order never decides.
 */
public final class VersionOrder {
    private VersionOrder() {}

    /** Negative, zero or positive as {@code a} is older than, the same version as, or newer than {@code b}. */
    public static int compare(long updatedAtA, long lsnA, int idxA, long updatedAtB, long lsnB, int idxB) {
        int c = Long.compare(updatedAtA, updatedAtB);
        if (c != 0) {
            return c;
        }
        c = Long.compare(lsnA, lsnB);
        return c != 0 ? c : Integer.compare(idxA, idxB);
    }

    public static int compare(Versioned a, Versioned b) {
        return compare(a.updatedAt(), a.commitLsn(), a.commitIdx(), b.updatedAt(), b.commitLsn(), b.commitIdx());
    }

    /** True when {@code candidate} should replace {@code current} (current null means nothing known yet). */
    public static boolean isNewer(Versioned candidate, Versioned current) {
        return current == null || compare(candidate, current) > 0;
    }
}
