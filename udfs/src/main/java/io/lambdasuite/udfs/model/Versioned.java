package io.lambdasuite.udfs.model;

/**
 * A row version ordered by (updatedAt, commitLsn, commitIdx), SPEC §2. Implemented by every fact and
 * dimension row so one rule decides which version is newer everywhere.
 */
public interface Versioned {
    long updatedAt();

    long commitLsn();

    int commitIdx();

    boolean deleted();
}
