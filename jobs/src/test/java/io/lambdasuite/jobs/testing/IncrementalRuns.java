package io.lambdasuite.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.model.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** Incremental streaming runs over NDJSON files or Kafka topics, as tests feed data in phases. */
public final class IncrementalRuns {
    private IncrementalRuns() {}

    /**
     * Runs the streaming job over the files under {@code in} until it has read them all (parallelism 2, short
     * checkpoints), resuming from {@code savepoint} when given; returns the savepoint it stopped with.
     */
    public static String streamFiles(Path in, Path base, String savepoint) throws Exception {
        Configuration o = new Configuration();
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        o.set(StreamOptions.INPUT_DIR, in.toString());
        o.set(StreamOptions.MONITOR_INTERVAL, Duration.ofMillis(200));
        o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
        o.set(StreamOptions.BASE_PATH, base.toString());
        o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        o.set(StreamOptions.PARALLELISM, 2);
        if (savepoint != null) {
            o.set(StreamOptions.FROM_SAVEPOINT, savepoint);
        }
        StreamJob.Result r = StreamJob.run(o, msg -> {});
        assertThat(r.savepointPath).isNotNull();
        return r.savepointPath;
    }

    /** The topics of every table, named {@code prefix + table}, with {@code partitions} each (one broker, several tests). */
    public static Map<String, Integer> topics(String prefix, int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Table t : Table.values()) {
            topics.put(prefix + t.tableName(), partitions);
        }
        return topics;
    }

    /** Sets a job's Kafka source options: the broker and the {@link #topics} named with {@code prefix}. */
    public static Configuration topicOptions(Configuration o, String bootstrapServers, String prefix) {
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.KAFKA);
        o.set(StreamOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        o.set(StreamOptions.TOPIC_ACTIVITIES, prefix + Table.ACTIVITY_RELATIONS.tableName());
        o.set(StreamOptions.TOPIC_MEMBERS, prefix + Table.MEMBERS.tableName());
        o.set(StreamOptions.TOPIC_ORGANIZATIONS, prefix + Table.ORGANIZATIONS.tableName());
        o.set(StreamOptions.TOPIC_SEGMENTS, prefix + Table.SEGMENTS.tableName());
        o.set(StreamOptions.TOPIC_REPOSITORIES, prefix + Table.REPOSITORIES.tableName());
        return o;
    }

    /**
     * Options of an incremental run over the {@link #topics} named with {@code prefix} (parallelism 2, short
     * checkpoints): it reads what is there and stops with a savepoint.
     */
    public static Configuration kafkaOptions(String bootstrapServers, String prefix, String groupId, Path base) {
        Configuration o = topicOptions(new Configuration(), bootstrapServers, prefix);
        o.set(StreamOptions.GROUP_ID, groupId);
        o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
        o.set(StreamOptions.BASE_PATH, base.toString());
        o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        o.set(StreamOptions.PARALLELISM, 2);
        return o;
    }
}
