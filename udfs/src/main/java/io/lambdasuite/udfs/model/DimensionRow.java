package io.lambdasuite.udfs.model;

/** Columns every dimension version carries: its key, the version triple and the tombstone flag. */
public abstract class DimensionRow implements Versioned {
    public String id = "";
    public long updatedAt;
    public long commitLsn;
    public int commitIdx;
    public boolean isDeleted;
    /** Commit time of the change (epoch ms): the event time of the streaming job and the MV partition hour. */
    public long commitTimestamp;
    /** Columns that arrived as {@code unchanged_toast} (bit per column, defined by each subclass); in flight only. */
    public int toastMask;

    @Override
    public long updatedAt() {
        return updatedAt;
    }

    @Override
    public long commitLsn() {
        return commitLsn;
    }

    @Override
    public int commitIdx() {
        return commitIdx;
    }

    @Override
    public boolean deleted() {
        return isDeleted;
    }

    /** The snapshot hour this version belongs to (SPEC §3). */
    public long snapshotId() {
        return io.lambdasuite.udfs.rules.SnapshotIds.snapshotIdOf(updatedAt);
    }

    /** Fills toasted columns from the previous version of the same row; clears the mask. */
    public abstract void resolveToast(DimensionRow previous);

    /** The dimension table this row belongs to. */
    public abstract Table table();
}
