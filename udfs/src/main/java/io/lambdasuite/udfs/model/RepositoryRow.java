package io.lambdasuite.udfs.model;

/** A version of a {@code repositories} row, reduced to the columns the suite uses. */
public class RepositoryRow extends DimensionRow {
    public static final int URL = 1;
    public static final int SEGMENT_ID = 1 << 1;
    public static final int ENABLED = 1 << 2;
    public static final int EXCLUDED = 1 << 3;
    public static final int DELETED_AT = 1 << 4;

    public String url = "";
    public String segmentId = "";
    public boolean enabled = true;
    public boolean excluded;
    /** Soft-delete time (epoch ms), null while the repository is not deleted. */
    public Long deletedAt;

    public RepositoryRow() {}

    @Override
    public void resolveToast(DimensionRow previous) {
        int m = toastMask;
        toastMask = 0;
        if (m == 0 || !(previous instanceof RepositoryRow)) {
            return;
        }
        RepositoryRow p = (RepositoryRow) previous;
        if ((m & URL) != 0) url = p.url;
        if ((m & SEGMENT_ID) != 0) segmentId = p.segmentId;
        if ((m & ENABLED) != 0) enabled = p.enabled;
        if ((m & EXCLUDED) != 0) excluded = p.excluded;
        if ((m & DELETED_AT) != 0) deletedAt = p.deletedAt;
    }

    /** Whether this version lets activities of its (url, segment) through: live, enabled, not excluded, not deleted. */
    public boolean usable() {
        return !isDeleted && enabled && !excluded && deletedAt == null;
    }

    @Override
    public Table table() {
        return Table.REPOSITORIES;
    }
}
