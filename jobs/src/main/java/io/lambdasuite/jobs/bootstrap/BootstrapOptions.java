package io.lambdasuite.jobs.bootstrap;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.stream.StreamOptions;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of {@code lambda bootstrap activities} and {@code lambda bootstrap segment-aggregates}; each is also a
 * {@code --<key>} flag. The input options are the streaming job's own ({@link StreamOptions}): the bootstrap reads
 * the same topics or files with the same parsing code, so it takes the same flags.
 */
public final class BootstrapOptions {
    public static final ConfigOption<String> SNAPSHOT = key("snapshot").stringType().defaultValue("")
            .withDescription("Snapshot id of the initial snapshot, a UTC hour like 2024-05-01T11; it must be newer than"
                    + " every published snapshot. When not given: the snapshot id of the moment the end positions are"
                    + " taken (start of its UTC hour + 1 hour), or one hour after the newest published snapshot if"
                    + " that is later.");

    public static final ConfigOption<Boolean> STREAM_STATE = key("stream-state").booleanType().defaultValue(true)
            .withDescription("Also write the streaming job's keyed state (latest version per key, current dimensions)"
                    + " as a savepoint that lambda stream --starting-offsets bootstrap starts from, so updates after"
                    + " the handoff resolve unchanged_toast columns and join known dimensions at once.");

    public static final ConfigOption<Integer> MAX_PARALLELISM = key("max-parallelism").intType().defaultValue(128)
            .withDescription("Key groups of the handed-over stream state: the most subtasks the streaming job can"
                    + " scale to. The streaming job adopts it from the savepoint.");

    /** lambda bootstrap activities. */
    public static final List<ConfigOption<?>> ACTIVITIES = List.of(
            StreamOptions.SOURCE, StreamOptions.BASE_PATH, StreamOptions.BOOTSTRAP_SERVERS,
            StreamOptions.TOPIC_ACTIVITIES, StreamOptions.TOPIC_MEMBERS, StreamOptions.TOPIC_ORGANIZATIONS,
            StreamOptions.TOPIC_SEGMENTS, StreamOptions.TOPIC_REPOSITORIES, StreamOptions.KAFKA_PROPERTIES,
            StreamOptions.INPUT_DIR, SNAPSHOT, StreamOptions.MAX_MESSAGE_BYTES, StreamOptions.DEDUP_TTL, STREAM_STATE,
            MAX_PARALLELISM, StreamOptions.PARALLELISM);

    /** lambda bootstrap segment-aggregates. */
    public static final List<ConfigOption<?>> SEGMENT_AGGREGATES = List.of(MergeOptions.BASE_PATH, MergeOptions.PARALLELISM);

    private BootstrapOptions() {}
}
