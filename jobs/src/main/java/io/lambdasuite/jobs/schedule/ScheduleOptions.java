package io.lambdasuite.jobs.schedule;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of {@code lambda schedule}. */
public final class ScheduleOptions {
    private ScheduleOptions() {}

    public static final ConfigOption<String> MERGE_CRON = ConfigOptions.key("schedule.merge.cron")
            .stringType()
            .defaultValue("10 * * * *")
            .withDescription("When the snapshot merge runs: a 5-field UNIX cron expression in UTC; prune runs right"
                    + " after each successful merge.");

    public static final ConfigOption<String> JOB_LOG_DIR = ConfigOptions.key("schedule.job-log.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory of the job log (one JSON file per run, any Flink file system); also"
                    + " where a restarted scheduler finds the last fire time it handled.");

    public static final List<ConfigOption<?>> ALL = List.of(MERGE_CRON, JOB_LOG_DIR);
}
