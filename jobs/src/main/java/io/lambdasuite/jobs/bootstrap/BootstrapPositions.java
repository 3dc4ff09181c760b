package io.lambdasuite.jobs.bootstrap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the streaming job continues after a bootstrap: {@code <base-path>/_bootstrap/positions.json}, written once
 * the initial snapshot is published. The bootstrap read every Kafka partition from its earliest offset up to (not
 * including) {@link #kafka()}'s offset, so {@code lambda stream --starting-offsets bootstrap} starts each partition
 * exactly there: nothing between the two is read twice or skipped. With {@link #streamState()} the stream also
 * starts from the keyed state the bootstrap built (a savepoint), as if it had read the history itself.
 *
 * @param snapshotId the initial snapshot these positions belong to (epoch ms)
 * @param takenAt when the end positions were taken (epoch ms)
 * @param source {@code kafka} or {@code files}
 * @param kafka end offset per topic and partition (Kafka); empty for files
 * @param files the NDJSON files read (files); empty for Kafka
 * @param streamState the savepoint holding the streaming job's keyed state, or empty
 * @param dedupTtl the {@code state.dedup-ttl} the state was written with (the stream must use the same)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BootstrapPositions(long snapshotId, long takenAt, String source, Map<String, Map<Integer, Long>> kafka,
        List<String> files, String streamState, String dedupTtl) {

    /** The directory of bootstrap runs and handoffs under the base path (underscore: not published data). */
    public static final String DIR = "_bootstrap";
    public static final String FILE_NAME = "positions.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BootstrapPositions {
        kafka = kafka == null ? Map.of() : kafka;
        files = files == null ? List.of() : List.copyOf(files);
        streamState = streamState == null ? "" : streamState;
        dedupTtl = dedupTtl == null ? "" : dedupTtl;
    }

    /** {@code <base>/_bootstrap/positions.json}. */
    public static Path path(String base) {
        return new Path(new Path(base, DIR), FILE_NAME);
    }

    /** Kafka end offsets by topic partition, as the source's starting offsets. */
    public Map<TopicPartition, Long> topicPartitions() {
        Map<TopicPartition, Long> out = new HashMap<>();
        kafka.forEach((topic, parts) -> parts.forEach((p, offset) -> out.put(new TopicPartition(topic, p), offset)));
        return out;
    }

    /** The nested, sorted form of per-partition offsets that the file holds. */
    public static Map<String, Map<Integer, Long>> nested(Map<TopicPartition, Long> offsets) {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        offsets.forEach((tp, o) -> out.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), o));
        return out;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize bootstrap positions", e);
        }
    }

    /**
     * Writes the file in one step where the file system allows: to a hidden temporary name, then renamed over the
     * old one (object stores write the object in one PUT anyway).
     */
    public void write(String base) throws IOException {
        Path target = path(base);
        FileSystem fs = target.getFileSystem();
        Path tmp = new Path(target.getParent(), "." + FILE_NAME + ".tmp");
        try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
            out.write(JSON.writeValueAsBytes(this));
        }
        // POSIX rename replaces the old file in one step; file systems whose rename refuses an existing target
        // (HDFS) need it removed first.
        if (!fs.rename(tmp, target) && !(fs.delete(target, false) && fs.rename(tmp, target))) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    /** The positions of the last bootstrap under {@code base}; {@link FileNotFoundException} if there is none. */
    public static BootstrapPositions read(String base) throws IOException {
        Path p = path(base);
        FileSystem fs = p.getFileSystem();
        if (!fs.exists(p)) {
            throw new FileNotFoundException("no bootstrap positions at " + p + ": run lambda bootstrap activities first");
        }
        try (InputStream in = fs.open(p)) {
            return JSON.readValue(in.readAllBytes(), BootstrapPositions.class);
        }
    }

    @Override
    public String toString() {
        return "bootstrap positions of snapshot " + SnapshotIds.partitionValue(snapshotId) + " (" + source + ")";
    }
}
