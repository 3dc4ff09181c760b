package io.lambdasuite.jobs.serving;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link PrunePlan} through Flink's {@link FileSystem}. A snapshot directory loses its
 * {@code _manifest.json} first, so a reader never sees a published snapshot with files missing; then the rest
 * goes. Idempotent: what is already gone counts as done, and a half-deleted snapshot (manifest gone) is
 * finished by the next run. In dry-run mode it only reports what it would delete.
 */
public final class PruneExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PruneExecutor.class);

    /** Called right before each delete (tests use it to observe order and simulate crashes). */
    interface DeleteHook {
        void beforeDelete(Path path, boolean recursive) throws IOException;
    }

    /**
     * What was (or, dry run, would be) deleted.
     *
     * @param snapshotIds serving snapshots removed (or already gone)
     * @param mvFiles MV files removed (or already gone)
     * @param dryRun true if nothing was deleted
     */
    public record Result(List<Long> snapshotIds, List<String> mvFiles, boolean dryRun) {}

    private final SnapshotStore serving;
    private final boolean dryRun;
    private final DeleteHook hook;

    public PruneExecutor(SnapshotStore serving, boolean dryRun) {
        this(serving, dryRun, (p, r) -> {});
    }

    PruneExecutor(SnapshotStore serving, boolean dryRun, DeleteHook hook) {
        this.serving = serving;
        this.dryRun = dryRun;
        this.hook = hook;
    }

    public Result execute(PrunePlan plan) throws IOException {
        List<Long> snapshots = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Optional<Long> latest = serving.latest();
        for (PrunePlan.SnapshotDeletion d : plan.snapshotDeletions()) {
            if (latest.isPresent() && latest.get() == d.snapshotId()) {
                // The planner never asks for this; refuse anyway, whatever produced the plan.
                throw new IllegalStateException("refusing to delete the latest published snapshot " + d.snapshotId());
            }
            if (dryRun) {
                LOG.info("[dry run] would delete snapshot {}: {}", serving.snapshotDir(d.snapshotId()), d.reason());
            } else {
                deleteSnapshot(d.snapshotId());
                LOG.info("Deleted snapshot {}: {}", serving.snapshotDir(d.snapshotId()), d.reason());
            }
            snapshots.add(d.snapshotId());
        }
        for (PrunePlan.FileDeletion d : plan.mvFileDeletions()) {
            Path p = new Path(d.path());
            if (dryRun) {
                LOG.info("[dry run] would delete MV file {}: {}", p, d.reason());
            } else {
                delete(p.getFileSystem(), p, false);
                LOG.info("Deleted MV file {}: {}", p, d.reason());
            }
            files.add(d.path());
        }
        return new Result(snapshots, files, dryRun);
    }

    private void deleteSnapshot(long snapshotId) throws IOException {
        FileSystem fs = serving.fileSystem();
        delete(fs, serving.manifestPath(snapshotId), false);
        delete(fs, serving.snapshotDir(snapshotId), true);
    }

    private void delete(FileSystem fs, Path path, boolean recursive) throws IOException {
        if (!fs.exists(path)) {
            return;
        }
        hook.beforeDelete(path, recursive);
        try {
            if (!fs.delete(path, recursive) && fs.exists(path)) {
                throw new IOException("cannot delete " + path);
            }
        } catch (FileNotFoundException e) {
            // already gone: fine
        }
    }
}
