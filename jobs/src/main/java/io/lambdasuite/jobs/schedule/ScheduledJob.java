package io.lambdasuite.jobs.schedule;

/**
 * A batch job the scheduler (or an on-demand CLI call) can run: merge, prune, ...
 *
 * <p>Jobs must be idempotent for a given {@link RunRequest#snapshotId()}: a crash before the run is logged
 * makes a restarted scheduler run the same fire time again.
 */
public interface ScheduledJob {

    /** Stable kebab-case name; used as the job-log directory and in the {@code job} column. */
    String name();

    /**
     * Runs once for {@code request}. Returns what happened (succeeded or skipped, with a one-line message for
     * the job log); throwing means the run failed, and the exception message is logged.
     */
    RunResult run(RunRequest request) throws Exception;
}
