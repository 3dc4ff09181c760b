package io.lambdasuite.jobs.serving;

import org.apache.flink.core.fs.Path;

/**
 * Where a run writes the files of snapshot {@code snapshotId} before {@link SnapshotStore#publish}: published
 * rows directly under {@link #dataDir()}, held rows under {@link #heldDir()}. With the rename strategy this is
 * {@code <dataset>/_staging/<partitionValue>-<uuid>}; with the direct (object store) strategy it is the final
 * {@code snapshot=<value>} directory itself, invisible to readers until its {@code _manifest.json} exists.
 *
 * @param snapshotId the snapshot being written
 * @param dir the directory files are written into
 * @param target the final {@code snapshot=<value>} directory
 */
public record Staging(long snapshotId, Path dir, Path target) {
    /** The sub-directory of held rows (underscore-prefixed, so readers skip it). */
    public static final String HELD_DIR = "_held";

    public Path dataDir() {
        return dir;
    }

    public Path heldDir() {
        return new Path(dir, HELD_DIR);
    }

    /** A published-row file, e.g. {@code dataFile("part-0.parquet")}. */
    public Path dataFile(String name) {
        return new Path(dir, name);
    }

    /** A held-row file, e.g. {@code heldFile("part-0.parquet")}. */
    public Path heldFile(String name) {
        return new Path(heldDir(), name);
    }

    /** The manifest-relative path of a held file name. */
    public static String heldRelative(String name) {
        return HELD_DIR + "/" + name;
    }

    /** True when files are written in place (direct strategy): there is no rename step. */
    public boolean inPlace() {
        return dir.equals(target);
    }
}
