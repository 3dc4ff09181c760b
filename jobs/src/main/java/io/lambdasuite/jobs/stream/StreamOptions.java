package io.lambdasuite.jobs.stream;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of {@code lambda stream}; each is also a {@code --<key>} flag of the CLI. */
public final class StreamOptions {
    /** Where the job reads CDC messages from. */
    public enum SourceKind {
        KAFKA,
        FILES
    }

    public static final ConfigOption<SourceKind> SOURCE = key("source").enumType(SourceKind.class)
            .defaultValue(SourceKind.KAFKA)
            .withDescription("Read from Kafka topics (kafka) or from NDJSON files laid out <input-dir>/<topic>/*.ndjson (files).");

    public static final ConfigOption<String> BASE_PATH = key("base-path").stringType().defaultValue("lambda-data")
            .withDescription("Base path of every dataset (local path, hdfs:// or s3://); datasets are directories under it.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = key("bootstrap-servers").stringType()
            .defaultValue("localhost:9092").withDescription("Kafka bootstrap servers.");

    public static final ConfigOption<String> GROUP_ID = key("group-id").stringType().defaultValue("lambda-stream")
            .withDescription("Kafka consumer group; offsets are committed to it on each checkpoint (for monitoring; the job restores its own).");

    /** Where a fresh job (no savepoint) starts reading Kafka. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        COMMITTED,
        /** Where the last {@code lambda bootstrap activities} under the base path stopped, with its state. */
        BOOTSTRAP
    }

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS = key("starting-offsets")
            .enumType(StartingOffsets.class).defaultValue(StartingOffsets.EARLIEST)
            .withDescription("Where a job started without a savepoint reads Kafka from: earliest, latest, the group's committed offsets (earliest where none), or bootstrap: exactly where the last lambda bootstrap activities under the base path stopped (<base-path>/_bootstrap/positions.json), starting from the keyed state it handed over unless --from-savepoint names another.");

    public static final ConfigOption<String> TOPIC_ACTIVITIES = key("topic.activityRelations").stringType()
            .defaultValue("activityRelations").withDescription("Topic of activityRelations changes.");
    public static final ConfigOption<String> TOPIC_MEMBERS = key("topic.members").stringType()
            .defaultValue("members").withDescription("Topic of members changes.");
    public static final ConfigOption<String> TOPIC_ORGANIZATIONS = key("topic.organizations").stringType()
            .defaultValue("organizations").withDescription("Topic of organizations changes.");
    public static final ConfigOption<String> TOPIC_SEGMENTS = key("topic.segments").stringType()
            .defaultValue("segments").withDescription("Topic of segments changes.");
    public static final ConfigOption<String> TOPIC_REPOSITORIES = key("topic.repositories").stringType()
            .defaultValue("repositories").withDescription("Topic of repositories changes.");

    public static final ConfigOption<List<String>> KAFKA_PROPERTIES = key("kafka-property").stringType().asList()
            .defaultValues().withDescription("Extra Kafka client property k=v, repeatable (e.g. security.protocol=SASL_SSL); passed through untouched and never logged.");

    public static final ConfigOption<String> INPUT_DIR = key("input-dir").stringType().defaultValue("")
            .withDescription("Directory of NDJSON files, one sub-directory per topic (with --source files).");

    public static final ConfigOption<Duration> MONITOR_INTERVAL = key("monitor-interval").durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("With --source files: how often to look for new files; 0 reads the files present and finishes (bounded). Incremental runs need a non-zero value.");

    public static final ConfigOption<Boolean> STOP_WHEN_CAUGHT_UP = key("stop-when-caught-up").booleanType()
            .defaultValue(false)
            .withDescription("Stop by itself once everything present at start is read (Kafka: end offsets at start; files: all files), with a savepoint to --stop-savepoint-path. Like an available-now trigger.");

    public static final ConfigOption<String> STOP_SAVEPOINT_PATH = key("stop-savepoint-path").stringType()
            .defaultValue("").withDescription("Where --stop-when-caught-up writes the final savepoint; default <base-path>/_savepoints.");

    public static final ConfigOption<String> FROM_SAVEPOINT = key("from-savepoint").stringType().defaultValue("")
            .withDescription("Savepoint or retained checkpoint to restore from (the state and read positions of an earlier run).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("checkpoint-interval").durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Checkpoint interval; MV files become visible at each completed checkpoint.");

    public static final ConfigOption<String> CHECKPOINT_DIR = key("checkpoint-dir").stringType().defaultValue("")
            .withDescription("Checkpoint storage; default <base-path>/_checkpoints.");

    public static final ConfigOption<Duration> DEDUP_TTL = key("state.dedup-ttl").durationType()
            .defaultValue(Duration.ofDays(30))
            .withDescription("How long the latest version of an activity key (tombstones too) is kept after its last write; 0 keeps it forever. Must exceed the longest redelivery delay.");

    public static final ConfigOption<Duration> PULL_REQUEST_RETENTION = key("state.pull-request-retention")
            .durationType().defaultValue(Duration.ofDays(30))
            .withDescription("How long (in commit time) after the last change of a resolved (closed or merged) pull request its state is kept; later events of it are still handled right by lambda merge --dataset pull_requests.");

    public static final ConfigOption<Duration> PULL_REQUEST_IDLE_TTL = key("state.pull-request-idle-ttl")
            .durationType().defaultValue(Duration.ofDays(365))
            .withDescription("Backstop for pull requests never resolved: their state is dropped this long (processing time) after their last change; 0 keeps it until resolved.");

    public static final ConfigOption<Duration> DIMENSION_WAIT = key("dimension-wait").durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withDescription("How long (in commit time) a fact waits for a dimension row it references before it is written as held with an '-unknown' reason.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = key("watermark.out-of-orderness").durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("How far commit timestamps may go back within one source subtask.");

    public static final ConfigOption<Duration> IDLENESS = key("watermark.idleness").durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("After this long without messages a source split stops holding back the watermark.");

    public static final ConfigOption<Integer> MAX_MESSAGE_BYTES = key("max-message-bytes").intType()
            .defaultValue(1 << 20).withDescription("Larger messages go to the dead-letter output as oversized.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC = key("dead-letter-topic").stringType().defaultValue("")
            .withDescription("Write dead letters to this Kafka topic (JSON, at least once) instead of the Parquet dataset <base-path>/_dead_letters.");

    public static final ConfigOption<Integer> PARALLELISM = key("parallelism").intType().defaultValue(-1)
            .withDescription("Job parallelism; -1 uses the cluster default.");

    /** Every option, in the order --help lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(
            SOURCE, BASE_PATH, BOOTSTRAP_SERVERS, GROUP_ID, STARTING_OFFSETS, TOPIC_ACTIVITIES, TOPIC_MEMBERS,
            TOPIC_ORGANIZATIONS, TOPIC_SEGMENTS, TOPIC_REPOSITORIES, KAFKA_PROPERTIES, INPUT_DIR, MONITOR_INTERVAL,
            STOP_WHEN_CAUGHT_UP, STOP_SAVEPOINT_PATH, FROM_SAVEPOINT, CHECKPOINT_INTERVAL, CHECKPOINT_DIR, DEDUP_TTL,
            PULL_REQUEST_RETENTION, PULL_REQUEST_IDLE_TTL, DIMENSION_WAIT, OUT_OF_ORDERNESS, IDLENESS, MAX_MESSAGE_BYTES, DEAD_LETTER_TOPIC, PARALLELISM);

    private StreamOptions() {}
}
