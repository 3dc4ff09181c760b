package io.lambdasuite.jobs.status;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.schedule.ScheduleOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of {@code lambda status}; each is also a {@code --<key>} flag of the CLI. */
public final class StatusOptions {
    public static final ConfigOption<Duration> MAX_AGE = key("max-age").durationType()
            .defaultValue(Duration.ofHours(2))
            .withDescription("Exit with code 2 when the latest serving snapshot of activities is older than this"
                    + " (from its snapshot hour to now) or when there is none. Hourly merges at :10 keep it under"
                    + " 70 min, so the default allows one missed run.");

    public static final ConfigOption<Integer> RUNS = key("runs").intType().defaultValue(3)
            .withDescription("How many of the last runs of each scheduled job to show.");

    public static final ConfigOption<Duration> DEAD_LETTER_WINDOW = key("dead-letter-window").durationType()
            .defaultValue(Duration.ofDays(1))
            .withDescription("Dead letters rejected within this long before now are counted, by reason.");

    public static final ConfigOption<Boolean> JSON = key("json").booleanType().defaultValue(false)
            .withDescription("Print one JSON document instead of tables.");

    public static final List<ConfigOption<?>> ALL = List.of(MergeOptions.BASE_PATH, ScheduleOptions.JOB_LOG_DIR,
            MAX_AGE, RUNS, DEAD_LETTER_WINDOW, JSON);

    private StatusOptions() {}
}
