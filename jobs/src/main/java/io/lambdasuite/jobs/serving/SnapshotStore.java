package io.lambdasuite.jobs.serving;

import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of one serving (or current-dimension) dataset root, through Flink's {@link FileSystem} so the
 * same code runs on local disk, HDFS and object stores (SPEC §4, §8).
 *
 * <pre>
 * &lt;dataset&gt;/snapshot=2024-05-01T11/part-*.parquet         published rows
 * &lt;dataset&gt;/snapshot=2024-05-01T11/_held/part-*.parquet   held rows (hidden from readers)
 * &lt;dataset&gt;/snapshot=2024-05-01T11/_manifest.json         commit marker: without it the snapshot is not published
 * &lt;dataset&gt;/_staging/&lt;partitionValue&gt;-&lt;uuid&gt;/...          in-progress runs (rename strategy)
 * </pre>
 *
 * <p>A run: {@link #skipReason} (nothing to do?) → {@link #stage} → write files → {@link #publish}. This class
 * never deletes a published snapshot: that is pruning's job ({@link PruneExecutor}).
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    public static final String PARTITION_PREFIX = "snapshot=";
    public static final String STAGING_DIR = "_staging";

    private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    private final Path root;
    private final FileSystem fs;
    private final PublishStrategy strategy;
    private final Clock clock;

    private SnapshotStore(Path root, FileSystem fs, PublishStrategy strategy, Clock clock) {
        this.root = root;
        this.fs = fs;
        this.strategy = strategy;
        this.clock = clock;
    }

    /** A store whose publish strategy follows the file system's URI scheme. */
    public static SnapshotStore open(Path root) throws IOException {
        FileSystem fs = root.getFileSystem();
        java.net.URI uri = root.toUri().getScheme() != null ? root.toUri() : fs.getUri();
        return new SnapshotStore(root, fs, PublishStrategy.forUri(uri), Clock.systemUTC());
    }

    /** A store with a forced strategy and clock (tests, or a file system the scheme rule misjudges). */
    public static SnapshotStore open(Path root, PublishStrategy strategy, Clock clock) throws IOException {
        return new SnapshotStore(root, root.getFileSystem(), strategy, clock);
    }

    public Path root() {
        return root;
    }

    /** The dataset name: the last component of the root. */
    public String dataset() {
        return root.getName();
    }

    public PublishStrategy strategy() {
        return strategy;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    // ------------------------------------------------------------------ paths

    /** {@code <root>/snapshot=<partitionValue>}. */
    public Path snapshotDir(long snapshotId) {
        return new Path(root, SnapshotIds.partitionDir(checkHour(snapshotId)));
    }

    public Path manifestPath(long snapshotId) {
        return new Path(snapshotDir(snapshotId), SnapshotManifest.FILE_NAME);
    }

    public Path stagingRoot() {
        return new Path(root, STAGING_DIR);
    }

    /** The snapshot id of a partition value such as {@code 2024-05-01T11}, if it is one. */
    public static OptionalLong parsePartitionValue(String value) {
        try {
            long id = LocalDateTime.parse(value, PARTITION).toInstant(ZoneOffset.UTC).toEpochMilli();
            return SnapshotIds.partitionValue(id).equals(value) ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    /** The snapshot id of a directory name such as {@code snapshot=2024-05-01T11}, if it is one. */
    public static OptionalLong parseSnapshotDirName(String name) {
        return name.startsWith(PARTITION_PREFIX)
                ? parsePartitionValue(name.substring(PARTITION_PREFIX.length()))
                : OptionalLong.empty();
    }

    private static long checkHour(long snapshotId) {
        if (snapshotId != SnapshotIds.hourOf(snapshotId)) {
            throw new IllegalArgumentException("snapshot id " + snapshotId + " is not the start of a UTC hour");
        }
        return snapshotId;
    }

    // ------------------------------------------------------------------ reading

    /** Every published snapshot id (its directory has a {@code _manifest.json}), ascending. */
    public List<Long> listPublished() throws IOException {
        List<Long> out = new ArrayList<>();
        for (long id : listSnapshotDirs()) {
            if (fs.exists(manifestPath(id))) {
                out.add(id);
            }
        }
        return out;
    }

    /** Snapshot directories without a manifest: in-progress direct writes, or debris of a crashed run. */
    public List<Long> listUnpublished() throws IOException {
        List<Long> out = new ArrayList<>();
        for (long id : listSnapshotDirs()) {
            if (!fs.exists(manifestPath(id))) {
                out.add(id);
            }
        }
        return out;
    }

    private List<Long> listSnapshotDirs() throws IOException {
        List<Long> out = new ArrayList<>();
        for (FileStatus st : list(root)) {
            if (st.isDir()) {
                parseSnapshotDirName(st.getPath().getName()).ifPresent(out::add);
            }
        }
        out.sort(null);
        return out;
    }

    /** The newest published snapshot id. */
    public Optional<Long> latest() throws IOException {
        List<Long> ids = listPublished();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
    }

    public boolean isPublished(long snapshotId) throws IOException {
        return fs.exists(manifestPath(snapshotId));
    }

    /** The manifest of a published snapshot; {@link FileNotFoundException} if it is not published. */
    public SnapshotManifest manifest(long snapshotId) throws IOException {
        return SnapshotManifest.read(manifestPath(snapshotId));
    }

    /**
     * Why a run for {@code snapshotId} has nothing to do (SPEC §4: a merge for an S that is already published, or
     * older than the latest published, changes nothing and says so), or empty if it should run.
     */
    public Optional<PublishResult> skipReason(long snapshotId) throws IOException {
        checkHour(snapshotId);
        if (isPublished(snapshotId)) {
            return Optional.of(PublishResult.ALREADY_PUBLISHED);
        }
        Optional<Long> latest = latest();
        if (latest.isPresent() && latest.get() > snapshotId) {
            return Optional.of(PublishResult.OLDER_THAN_LATEST);
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ writing

    /**
     * A fresh place to write snapshot {@code snapshotId}. Rename strategy: a new
     * {@code _staging/<partitionValue>-<uuid>} directory. Direct strategy: the {@code snapshot=<value>} directory
     * itself, after removing the debris of a crashed earlier attempt (never a published one: if the snapshot is
     * already published or superseded, a throwaway staging directory is returned and {@link #publish} discards it).
     */
    public Staging stage(long snapshotId) throws IOException {
        Path target = snapshotDir(snapshotId);
        if (strategy == PublishStrategy.DIRECT && skipReason(snapshotId).isEmpty()) {
            if (fs.exists(target)) {
                LOG.info("Removing unpublished debris of snapshot {} before rewriting it in place: {}", snapshotId, target);
                fs.delete(target, true);
            }
            fs.mkdirs(target);
            return new Staging(snapshotId, target, target);
        }
        Path dir = new Path(stagingRoot(), SnapshotIds.partitionValue(snapshotId) + "-" + UUID.randomUUID());
        if (!fs.mkdirs(dir)) {
            throw new IOException("cannot create staging directory " + dir);
        }
        return new Staging(snapshotId, dir, target);
    }

    /**
     * Publishes a staged snapshot: checks that the manifest lists exactly the Parquet files of the staging
     * directory, writes {@code _manifest.json} last and (rename strategy) renames the staging directory to
     * {@code snapshot=<value>} in one step. Idempotent: if the snapshot is already published or older than the
     * latest, nothing visible changes, the staging is discarded and the result says so. A
     * {@code snapshot=<value>} directory without a manifest (debris of a crashed publish) is replaced.
     */
    public PublishResult publish(Staging staging, SnapshotManifest manifest) throws IOException {
        Objects.requireNonNull(staging, "staging");
        Objects.requireNonNull(manifest, "manifest");
        if (manifest.snapshotId() != staging.snapshotId()) {
            throw new IllegalArgumentException("manifest is for snapshot " + manifest.snapshotId()
                    + " but the staging is for " + staging.snapshotId());
        }
        if (!staging.target().equals(snapshotDir(staging.snapshotId()))) {
            throw new IllegalArgumentException("staging " + staging + " does not belong to " + root);
        }
        Optional<PublishResult> skip = skipReason(staging.snapshotId());
        if (skip.isPresent()) {
            if (!staging.inPlace()) {
                fs.delete(staging.dir(), true);
            }
            LOG.info("Snapshot {} of {} not published: {}", staging.snapshotId(), dataset(), skip.get());
            return skip.get();
        }
        checkFiles(staging.dir(), manifest);
        FaultPoints.at("publish " + dataset() + ": files checked");
        if (staging.inPlace()) {
            // DIRECT: the data files are already in place; the manifest (one object PUT) publishes them.
            manifest.write(new Path(staging.dir(), SnapshotManifest.FILE_NAME));
        } else {
            if (strategy == PublishStrategy.DIRECT) {
                // A directory rename on an object store copies object by object: never publish that way.
                throw new IllegalStateException("staging " + staging.dir() + " cannot be renamed on " + root);
            }
            manifest.write(new Path(staging.dir(), SnapshotManifest.FILE_NAME));
            FaultPoints.at("publish " + dataset() + ": manifest staged");
            Path target = staging.target();
            if (fs.exists(target)) {
                // No manifest (skipReason said so): debris of a crashed non-atomic publish or of a partial prune.
                LOG.warn("Replacing unpublished snapshot directory {}", target);
                fs.delete(target, true);
            }
            boolean renamed = fs.rename(staging.dir(), target);
            if (!renamed) {
                if (isPublished(staging.snapshotId())) {
                    fs.delete(staging.dir(), true);
                    return PublishResult.ALREADY_PUBLISHED;
                }
                throw new IOException("cannot rename " + staging.dir() + " to " + target);
            }
            if (!fs.exists(new Path(target, SnapshotManifest.FILE_NAME))) {
                // e.g. a file system that moved the staging directory *into* an existing target.
                throw new IOException("rename of " + staging.dir() + " to " + target + " did not publish " + target);
            }
        }
        LOG.info("Published snapshot {} of {}: {} rows, {} held", staging.snapshotId(), dataset(),
                manifest.rowCount(), manifest.heldCount());
        return PublishResult.PUBLISHED;
    }

    /** Every file of the manifest exists, and every visible Parquet file of the directory is in the manifest. */
    private void checkFiles(Path dir, SnapshotManifest manifest) throws IOException {
        Set<String> listed = new HashSet<>();
        for (SnapshotManifest.FileEntry e : manifest.files()) {
            listed.add(e.path());
        }
        for (SnapshotManifest.FileEntry e : manifest.heldFiles()) {
            listed.add(e.path());
        }
        for (String rel : listed) {
            if (!fs.exists(new Path(dir, rel))) {
                throw new IllegalArgumentException("manifest lists " + rel + " which is not in " + dir);
            }
        }
        Set<String> present = new HashSet<>();
        for (FileStatus st : list(dir)) {
            if (!st.isDir() && st.getPath().getName().endsWith(".parquet") && !hidden(st.getPath().getName())) {
                present.add(st.getPath().getName());
            }
        }
        for (FileStatus st : list(new Path(dir, Staging.HELD_DIR))) {
            if (!st.isDir() && st.getPath().getName().endsWith(".parquet") && !hidden(st.getPath().getName())) {
                present.add(Staging.heldRelative(st.getPath().getName()));
            }
        }
        present.removeAll(listed);
        if (!present.isEmpty()) {
            throw new IllegalArgumentException("Parquet files in " + dir + " missing from the manifest: " + present);
        }
    }

    /** Names readers skip: underscore- or dot-prefixed (staging, manifests, in-progress part files). */
    public static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    // ------------------------------------------------------------------ crash recovery

    /**
     * Removes what crashed runs left behind, if untouched for longer than {@code olderThan}: staging directories,
     * and snapshot directories without a manifest (direct-strategy writes, crashed publishes or prunes). Never
     * touches a published snapshot. Age = the newest modification time of the directory and its files (object
     * stores report no directory times). Returns the removed directories.
     */
    public List<Path> abandonStale(Duration olderThan) throws IOException {
        long cutoff = clock.millis() - olderThan.toMillis();
        List<Path> removed = new ArrayList<>();
        for (FileStatus st : list(stagingRoot())) {
            if (lastModified(st) < cutoff && fs.delete(st.getPath(), true)) {
                removed.add(st.getPath());
            }
        }
        for (long id : listUnpublished()) {
            Path dir = snapshotDir(id);
            FileStatus st;
            try {
                st = fs.getFileStatus(dir);
            } catch (FileNotFoundException e) {
                continue;
            }
            // Re-check the marker right before deleting: a direct run may just have published it.
            if (lastModified(st) < cutoff && !isPublished(id) && fs.delete(dir, true)) {
                removed.add(dir);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("Removed stale runs of {}: {}", dataset(), removed);
        }
        return removed;
    }

    /** Staging directories currently present (in-progress or crashed runs). */
    public List<Path> listStaging() throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus st : list(stagingRoot())) {
            out.add(st.getPath());
        }
        return out;
    }

    private long lastModified(FileStatus st) throws IOException {
        long newest = st.getModificationTime();
        if (st.isDir()) {
            for (FileStatus child : list(st.getPath())) {
                newest = Math.max(newest, lastModified(child));
            }
        }
        return newest;
    }

    private List<FileStatus> list(Path dir) throws IOException {
        try {
            FileStatus[] st = fs.listStatus(dir);
            return st == null ? List.of() : List.of(st);
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }
}
