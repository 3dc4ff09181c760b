package io.lambdasuite.jobs.schedule;

import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.stream.StreamJob;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;

/** Options of {@code lambda schedule}. */
public final class ScheduleOptions {
    private ScheduleOptions() {}

    public static final ConfigOption<String> MERGE_CRON = ConfigOptions.key("merge-cron")
            .stringType()
            .defaultValue("10 * * * *")
            .withDescription("When the snapshot merge runs: a 5-field UNIX cron expression in UTC; prune runs right"
                    + " after each successful merge.");

    public static final ConfigOption<String> PR_MERGE_CRON = ConfigOptions.key("pull-requests-cron")
            .stringType()
            .defaultValue("0 * * * *")
            .withDescription("When the pull-request merge (lambda merge --dataset pull_requests, replace mode) runs,"
                    + " over the latest published activities snapshot: a 5-field UNIX cron expression in UTC; empty"
                    + " turns it off.");

    public static final ConfigOption<String> JOB_LOG_DIR = ConfigOptions.key("job-log-dir")
            .stringType()
            .defaultValue("")
            .withDescription("Directory of the job log (one JSON file per run, any Flink file system); also"
                    + " where a restarted scheduler finds the last fire time it handled. Default <base-path>/_runs/jobs.");

    public static final ConfigOption<Boolean> SEGMENT_AGGREGATES = ConfigOptions.key("segment-aggregates")
            .booleanType()
            .defaultValue(true)
            .withDescription("Refresh segments_aggregated (as lambda bootstrap segment-aggregates does) after each"
                    + " successful merge, before prune; false leaves it alone.");

    public static final ConfigOption<String> RUN_NOW = ConfigOptions.key("run-now")
            .stringType()
            .defaultValue("")
            .withDescription("Run one job now, on demand, through the same runner and log, then exit: merge (then"
                    + " segment-aggregates and prune), segment-aggregates, prune, or pull-requests.");

    /** The job log directory of {@code o}: {@link #JOB_LOG_DIR}, or {@code <base-path>/_runs/jobs} when unset. */
    public static String jobLogDir(Configuration o) {
        return o.get(JOB_LOG_DIR).isEmpty()
                ? new Path(StreamJob.absolute(o.get(MergeOptions.BASE_PATH)), "_runs/jobs").toString()
                : o.get(JOB_LOG_DIR);
    }
}
