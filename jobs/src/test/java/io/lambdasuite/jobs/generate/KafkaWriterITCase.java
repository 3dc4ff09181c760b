package io.lambdasuite.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lambda generate --bootstrap-servers} against a real (in-process, SASL-protected) broker with default
 * limits: every message arrives, the oversized ones included, keyed by the row's primary key, stamped with the
 * commit time, and in delivery order per key.
 */
class KafkaWriterITCase {
    private static final Map<String, Integer> TOPICS = Map.of(
            "activityRelations", 3, "members", 2, "organizations", 1, "segments", 1, "repositories", 1);

    @TempDir
    Path dataDir;

    @Test
    void producesTheStreamToExistingTopics() {
        // a high malformed share, so that oversized (> 1 MiB) messages are in a short stream
        GeneratorConfig config = GeneratorConfig.builder().activities(1_500).malformedShare(0.05).seed(11).build();
        List<GeneratedMessage> expected = new ArrayList<>();
        new CdcGenerator(config).forEachRemaining(expected::add);

        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(dataDir, "generator", "s3cret")) {
            createTopics(kafka);
            List<String> args = new ArrayList<>(List.of("--activities", "1500", "--malformed-share", "0.05",
                    "--seed", "11", "--bootstrap-servers", kafka.bootstrapServers()));
            // the security settings pass through as producer properties
            kafka.clientSecurityProperties().forEach((k, v) -> args.addAll(List.of("--kafka-property", k + "=" + v)));
            StringWriter out = new StringWriter();
            int code = new CommandLine(new GenerateCommand())
                    .setOut(new PrintWriter(out))
                    .execute(args.toArray(new String[0]));
            assertThat(code).isZero();
            assertThat(out.toString()).doesNotContain("s3cret");

            List<ConsumerRecord<byte[], byte[]>> received = consumeAll(kafka, expected.size());
            assertThat(received).hasSameSizeAs(expected);
            assertThat(received).anyMatch(r -> r.value().length > 1 << 20);

            Map<String, List<GeneratedMessage>> expectedByKey = byKey(expected);
            Map<String, List<ConsumerRecord<byte[], byte[]>>> receivedByKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : received) {
                receivedByKey.computeIfAbsent(r.topic() + "/" + new String(r.key(), StandardCharsets.UTF_8),
                        k -> new ArrayList<>()).add(r);
            }
            assertThat(receivedByKey.keySet()).isEqualTo(expectedByKey.keySet());
            expectedByKey.forEach((key, messages) -> {
                List<ConsumerRecord<byte[], byte[]>> got = receivedByKey.get(key);
                assertThat(got).hasSameSizeAs(messages);
                for (int i = 0; i < messages.size(); i++) {
                    assertThat(got.get(i).value()).as("%s #%d", key, i).isEqualTo(messages.get(i).value);
                    assertThat(got.get(i).timestamp()).isEqualTo(messages.get(i).commitTimestamp);
                }
            });
        }
    }

    /**
     * EmbeddedKafka.createTopics can fail while metadata propagates (UnknownTopicOrPartitionException from its
     * leader check, seen on a loaded machine); creating again is harmless, existing topics are kept.
     */
    private static void createTopics(EmbeddedKafka kafka) {
        for (int attempt = 1; ; attempt++) {
            try {
                kafka.createTopics(TOPICS);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5 || !(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, List<GeneratedMessage>> byKey(List<GeneratedMessage> messages) {
        Map<String, List<GeneratedMessage>> out = new HashMap<>();
        for (GeneratedMessage m : messages) {
            out.computeIfAbsent(m.topic + "/" + m.keyString(), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(EmbeddedKafka kafka, int expected) {
        Properties p = kafka.clientSecurityProperties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "generate-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(TOPICS.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
