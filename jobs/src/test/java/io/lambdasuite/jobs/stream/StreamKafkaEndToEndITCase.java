package io.lambdasuite.jobs.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.Envelopes;
import io.lambdasuite.jobs.testing.MvCheck;
import io.lambdasuite.udfs.model.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real broker: a generated CDC log is produced to an in-process Kafka (KRaft) broker, two
 * topics partitions each; the production job (parallelism 2, checkpointing) consumes it until caught up and
 * stops with a savepoint; the Parquet it wrote is read back with DuckDB and compared row by row with the
 * latest versions computed independently from the same log ({@code sql/duckdb/expected}). A second phase is
 * produced and consumed by a run restored from that savepoint.
 */
class StreamKafkaEndToEndITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path tmp;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void mvEqualsTheLogsLatestVersionsAcrossTwoIncrementalRuns() throws Exception {
        String prefix = "e2e-";
        CdcLogs.createTopics(kafka, prefix, 2);
        CdcLogs log = CdcLogs.generate(11, 4_000, 2).withTopicPrefix(prefix);
        Path logDir = tmp.resolve("log");
        Path out = tmp.resolve("out");

        log.writeFiles(0, logDir);
        log.produce(0, kafka.bootstrapServers());
        String savepoint = run(out, prefix, null);
        MvCheck first = MvCheck.of(logDir, out);
        assertThat(first.missingOrDifferent).as(first.toString()).isEmpty();
        assertThat(first.unexpected).as(first.toString()).isEmpty();
        assertThat(first.actualDeadLetters).isEqualTo(first.expectedDeadLetters).isPositive();

        log.writeFiles(1, logDir);
        log.produce(1, kafka.bootstrapServers());
        run(out, prefix, savepoint);
        MvCheck second = MvCheck.of(logDir, out);
        assertThat(second.missingOrDifferent).as(second.toString()).isEmpty();
        assertThat(second.unexpected).as(second.toString()).isEmpty();
        assertThat(second.expectedKeys).isGreaterThan(first.expectedKeys);
        assertThat(second.duplicateVersions).isZero();
        assertThat(second.actualDeadLetters).isEqualTo(second.expectedDeadLetters);
    }

    @Test
    void deadLettersCanGoToAKafkaTopicAsJson() throws Exception {
        String prefix = "dlq-";
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Table t : Table.values()) {
            topics.put(prefix + t.tableName(), 1);
        }
        topics.put(prefix + "dead-letters", 1);
        kafka.createTopics(topics);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(prefix + "activityRelations", "{\"record\": {".getBytes(UTF_8))).get();
            p.send(new ProducerRecord<>(prefix + "activityRelations", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})).get();
            p.send(new ProducerRecord<>(prefix + "members", Envelopes.envelope("teams", "insert",
                    Envelopes.row("id", "t1", "updatedAt", "2024-05-01T10:00:00Z")).getBytes(UTF_8))).get();
        }
        Path out = tmp.resolve("dlq-out");
        Configuration o = options(out, prefix, null);
        o.set(StreamOptions.DEAD_LETTER_TOPIC, prefix + "dead-letters");
        StreamJob.run(o, msg -> {});

        List<JsonNode> letters = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "dlq-check", "auto.offset.reset", "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(prefix + "dead-letters"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (letters.size() < 3 && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    letters.add(json.readTree(r.value()));
                }
            }
        }
        assertThat(letters).extracting(n -> n.get("topic").asText() + ":" + n.get("reason").asText())
                .containsExactlyInAnyOrder(prefix + "activityRelations:malformed-json",
                        prefix + "activityRelations:invalid-utf8", prefix + "members:unknown-table");
        assertThat(letters).filteredOn(n -> n.get("reason").asText().equals("invalid-utf8"))
                .extracting(n -> n.get("rawEncoding").asText()).containsExactly("base64");
        assertThat(letters).allSatisfy(n -> assertThat(n.get("offset").asLong()).isNotNegative());
        assertThat(out.resolve("_dead_letters")).doesNotExist();
    }

    private static String run(Path out, String prefix, String savepoint) throws Exception {
        StreamJob.Result r = StreamJob.run(options(out, prefix, savepoint), msg -> {});
        assertThat(r.savepointPath).isNotNull();
        return r.savepointPath;
    }

    private static Configuration options(Path out, String prefix, String savepoint) {
        Configuration o = CdcLogs.kafkaOptions(new Configuration(), kafka, prefix);
        o.set(StreamOptions.GROUP_ID, "e2e");
        o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
        o.set(StreamOptions.BASE_PATH, out.toString());
        o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        o.set(StreamOptions.PARALLELISM, 2);
        if (savepoint != null) {
            o.set(StreamOptions.FROM_SAVEPOINT, savepoint);
        }
        return o;
    }
}
