package io.lambdasuite.jobs.serving;

/** What {@link SnapshotStore#publish} did. Only {@link #PUBLISHED} changed anything visible. */
public enum PublishResult {
    /** The snapshot is now published. */
    PUBLISHED,
    /** The snapshot was already published (idempotent rerun): nothing changed, the staging was discarded. */
    ALREADY_PUBLISHED,
    /** A newer snapshot is already published: nothing changed, the staging was discarded (SPEC §4). */
    OLDER_THAN_LATEST
}
