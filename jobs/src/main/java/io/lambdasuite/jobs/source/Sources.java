package io.lambdasuite.jobs.source;

import io.lambdasuite.jobs.bootstrap.BootstrapPositions;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.model.RawMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/** The two inputs of the streaming job: Kafka topics, or NDJSON files laid out {@code <dir>/<topic>/*.ndjson}. */
public final class Sources {
    private Sources() {}

    /** The five topics, in table order. */
    public static List<String> topics(Configuration o) {
        return List.of(
                o.get(StreamOptions.TOPIC_ACTIVITIES),
                o.get(StreamOptions.TOPIC_MEMBERS),
                o.get(StreamOptions.TOPIC_ORGANIZATIONS),
                o.get(StreamOptions.TOPIC_SEGMENTS),
                o.get(StreamOptions.TOPIC_REPOSITORIES));
    }

    /** Kafka client properties: bootstrap servers plus the pass-through properties. */
    public static Properties kafkaProperties(Configuration o) {
        Properties p = new Properties();
        for (String kv : o.get(StreamOptions.KAFKA_PROPERTIES)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--kafka-property expects key=value, got a value without '=' (not shown)");
            }
            p.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        p.setProperty("bootstrap.servers", o.get(StreamOptions.BOOTSTRAP_SERVERS));
        return p;
    }

    public static KafkaSource<RawMessage> kafka(Configuration o) {
        OffsetsInitializer start;
        switch (o.get(StreamOptions.STARTING_OFFSETS)) {
            case LATEST:
                start = OffsetsInitializer.latest();
                break;
            case COMMITTED:
                start = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                break;
            case BOOTSTRAP:
                // Exactly where the bootstrap stopped; a partition created since starts at its beginning.
                start = OffsetsInitializer.offsets(bootstrapPositions(o).topicPartitions(),
                        OffsetResetStrategy.EARLIEST);
                break;
            default:
                start = OffsetsInitializer.earliest();
        }
        return builder(o)
                .setGroupId(o.get(StreamOptions.GROUP_ID))
                .setStartingOffsets(start)
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * A bounded read of the topics (the bootstrap): every partition from its earliest offset up to {@code ends}
     * (exclusive). Nothing is committed to a consumer group.
     */
    public static KafkaSource<RawMessage> kafkaBounded(Configuration o, Map<TopicPartition, Long> ends) {
        return builder(o)
                .setGroupId("lambda-bootstrap")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.offsets(ends))
                .build();
    }

    private static KafkaSourceBuilder<RawMessage> builder(Configuration o) {
        return KafkaSource.<RawMessage>builder()
                .setProperties(kafkaProperties(o))
                .setTopics(topics(o))
                .setDeserializer(new RawKafkaDeserializer());
    }

    /** The offsets {@code spec} names (earliest, latest) of every partition of the five topics. */
    public static Map<TopicPartition, Long> offsets(Admin admin, Configuration o, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics(o)).allTopicNames().get().forEach((t, d) -> d.partitions()
                .forEach(p -> request.put(new TopicPartition(t, p.partition()), spec)));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * The positions the last bootstrap under the base path recorded (for {@code --starting-offsets bootstrap});
     * fails naming the problem when there are none, they come from files, or they lack one of the topics.
     */
    public static BootstrapPositions bootstrapPositions(Configuration o) {
        BootstrapPositions p;
        try {
            p = BootstrapPositions.read(StreamJob.absolute(o.get(StreamOptions.BASE_PATH)));
        } catch (IOException e) {
            throw new IllegalArgumentException("--starting-offsets bootstrap: " + e.getMessage(), e);
        }
        if (!p.kafka().keySet().containsAll(topics(o))) {
            throw new IllegalArgumentException("--starting-offsets bootstrap: " + p + " has positions for topics "
                    + p.kafka().keySet() + ", not for all of " + topics(o));
        }
        return p;
    }

    public static FileSource<RawMessage> files(Configuration o) {
        FileSource.FileSourceBuilder<RawMessage> b = FileSource
                .forBulkFileFormat(new NdjsonFormat(), new Path(o.get(StreamOptions.INPUT_DIR)))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(Sources::isInput));
        Duration interval = o.get(StreamOptions.MONITOR_INTERVAL);
        if (!interval.isZero()) {
            b.monitorContinuously(interval);
        }
        return b.build();
    }

    /** NDJSON files and the directories holding them; hidden and underscore-prefixed names are skipped. */
    static boolean isInput(Path p) {
        String name = p.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        if (name.endsWith(".ndjson")) {
            return true;
        }
        try {
            return p.getFileSystem().getFileStatus(p).isDir();
        } catch (IOException e) {
            return false;
        }
    }

    /** Every NDJSON file under the input directory now, as the file source will name them. */
    public static List<String> listInputFiles(Configuration o) {
        List<String> out = new ArrayList<>();
        try {
            Path root = new Path(o.get(StreamOptions.INPUT_DIR));
            collect(root.getFileSystem(), root, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void collect(FileSystem fs, Path dir, List<String> out) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        for (FileStatus s : children) {
            if (!isInput(s.getPath())) {
                continue;
            }
            if (s.isDir()) {
                collect(fs, s.getPath(), out);
            } else {
                out.add(s.getPath().toString());
            }
        }
    }
}
