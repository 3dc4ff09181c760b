package io.lambdasuite.jobs.bench;

import io.lambdasuite.jobs.parquet.FlinkOutputFile;
import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.stream.ParseEnvelopes;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.cdc.ParsedChange;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The baseline of {@code lambda bench streaming}: what one plain thread does with the same messages. It reads every
 * partition of the CDC topics from the start to its end offset with a {@link KafkaConsumer}, parses each message
 * with {@link EnvelopeParser} (Jackson) into the row POJOs and writes them to Parquet (Snappy, through
 * {@link RowParquetWriters}): one file per table and one of dead letters. No dedup, no joins, no state.
 */
final class SingleThreadLoop {
    /** What one run read and wrote. */
    record Result(long messages, long facts, long dimensions, long deadLetters) {}

    private SingleThreadLoop() {}

    static Result run(String bootstrapServers, List<String> topics, Path out) throws Exception {
        Files.createDirectories(out);
        EnvelopeParser parser = new EnvelopeParser();
        long messages = 0;
        long facts = 0;
        long dimensions = 0;
        long dead = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers));
                Writer<ActivityRow> activities = new Writer<>(out, "activityRelations", Schemas.ACTIVITY);
                Writer<MemberRow> members = new Writer<>(out, "members", Schemas.MEMBER);
                Writer<OrganizationRow> organizations = new Writer<>(out, "organizations", Schemas.ORGANIZATION);
                Writer<SegmentRow> segments = new Writer<>(out, "segments", Schemas.SEGMENT);
                Writer<RepositoryRow> repositories = new Writer<>(out, "repositories", Schemas.REPOSITORY);
                Writer<DeadLetter> deadLetters = new Writer<>(out, "dead-letters", Schemas.DEAD_LETTER)) {
            Map<TopicPartition, Long> ends = endOffsets(bootstrapServers, topics);
            consumer.assign(new ArrayList<>(ends.keySet()));
            consumer.seekToBeginning(ends.keySet());
            while (true) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty() && atEnd(consumer, ends)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    messages++;
                    ParsedChange change;
                    try {
                        change = parser.parse(r.value());
                    } catch (BadMessage e) {
                        dead++;
                        deadLetters.write(ParseEnvelopes.deadLetter(
                                new RawMessage(r.topic(), r.partition(), r.offset(), null, r.value()),
                                e.reason().code(), e.getMessage()));
                        continue;
                    }
                    switch (change.table) {
                        case ACTIVITY_RELATIONS -> {
                            facts++;
                            activities.write(change.fact);
                        }
                        case MEMBERS -> members.write((MemberRow) change.dimension);
                        case ORGANIZATIONS -> organizations.write((OrganizationRow) change.dimension);
                        case SEGMENTS -> segments.write((SegmentRow) change.dimension);
                        case REPOSITORIES -> repositories.write((RepositoryRow) change.dimension);
                        default -> throw new IllegalStateException(String.valueOf(change.table));
                    }
                    if (change.table != Table.ACTIVITY_RELATIONS) {
                        dimensions++;
                    }
                }
            }
        }
        return new Result(messages, facts, dimensions, dead);
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The end offset of every partition of {@code topics}, now (the messages were preloaded). */
    static Map<TopicPartition, Long> endOffsets(String bootstrapServers, List<String> topics) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((t, d) -> d.partitions()
                    .forEach(i -> latest.put(new TopicPartition(t, i.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    private static Properties consumerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return p;
    }

    /** One Parquet file, opened on first write. */
    private static final class Writer<T> implements AutoCloseable {
        private final org.apache.flink.core.fs.Path file;
        private final ParquetSchema<T> schema;
        private FSDataOutputStream stream;
        private ParquetWriter<T> writer;

        Writer(Path dir, String name, ParquetSchema<T> schema) {
            this.file = new org.apache.flink.core.fs.Path(dir.resolve(name + ".parquet").toUri());
            this.schema = schema;
        }

        void write(T row) throws IOException {
            if (writer == null) {
                stream = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE);
                writer = RowParquetWriters.open(new FlinkOutputFile(stream), schema);
            }
            writer.write(row);
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
                stream.close();
            }
        }
    }
}
