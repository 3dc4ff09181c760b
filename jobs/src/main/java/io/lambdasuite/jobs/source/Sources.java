package io.lambdasuite.jobs.source;

import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.model.RawMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

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
            default:
                start = OffsetsInitializer.earliest();
        }
        return KafkaSource.<RawMessage>builder()
                .setProperties(kafkaProperties(o))
                .setTopics(topics(o))
                .setGroupId(o.get(StreamOptions.GROUP_ID))
                .setStartingOffsets(start)
                .setDeserializer(new RawKafkaDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
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
