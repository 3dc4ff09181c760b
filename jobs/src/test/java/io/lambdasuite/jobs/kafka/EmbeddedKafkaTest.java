package io.lambdasuite.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void producesAndConsumesAcrossPartitions() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            kafka.createTopics(Map.of("events", 2));

            List<String> sent = IntStream.range(0, 1000).mapToObj(i -> "value-" + i).toList();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
                for (int i = 0; i < sent.size(); i++) {
                    producer.send(new ProducerRecord<>("events", "key-" + i, sent.get(i)));
                }
                producer.flush();
            }

            List<ConsumerRecord<String, String>> received = consume(kafka, "events", "read_uncommitted", sent.size());
            assertThat(received).hasSize(sent.size());
            assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo("key-" + r.value().substring(6)));
            assertThat(received).extracting(ConsumerRecord::partition).containsOnly(0, 1).contains(0, 1);
        }
    }

    @Test
    void restartsInTheSameDirectoryAndClosesTwice() throws Exception {
        EmbeddedKafka first = EmbeddedKafka.start(dataDir);
        first.createTopics(Map.of("events", 2));
        first.close();
        first.close();

        try (EmbeddedKafka second = EmbeddedKafka.start(dataDir)) {
            // The directory was formatted afresh: the topic is new, and creating it twice is fine.
            second.createTopics(Map.of("events", 3));
            second.createTopics(Map.of("events", 3, "other", 1));
            try (Admin admin = Admin.create(adminConfig(second))) {
                assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions())
                        .hasSize(3);
                assertThat(admin.listTopics().names().get()).contains("events", "other");
            }
        }
    }

    @Test
    void stopAndRestartKeepTheAddressTopicsRecordsAndCommittedOffsets() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            kafka.createTopics(Map.of("events", 2));
            String address = kafka.bootstrapServers();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("events", "key-" + i, "before-" + i));
                }
                producer.flush();
            }
            assertThat(consume(kafka, "events", "read_uncommitted", 100)).hasSize(100); // commits its offsets

            kafka.stop();
            try (Admin admin = Admin.create(adminConfig(kafka))) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(2, java.util.concurrent.TimeUnit.SECONDS))
                        .as("the broker is down").isNotNull();
            }
            kafka.restart();

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
                producer.send(new ProducerRecord<>("events", "key-new", "after")).get();
            }
            // the same group resumes after its committed offsets: only the record produced after the restart
            assertThat(consume(kafka, "events", "read_uncommitted", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("after");
        }
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            assertTransactionsWork(kafka);
        }
    }

    @Test
    void saslPlainAuthenticatesClientsAndCarriesTransactions() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(dataDir, "lambda", "s3cret \"quoted\"")) {
            assertThat(kafka.clientSecurityProperties())
                    .containsEntry(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT")
                    .containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN");
            // Commit markers travel over the SASL listener, so this also proves the broker logs in to itself.
            assertTransactionsWork(kafka);

            Properties wrongPassword = adminConfig(kafka);
            wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " username=\"lambda\" password=\"wrong\";");
            try (Admin admin = Admin.create(wrongPassword)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    /** Commits 100 records, aborts 50, and expects a read_committed consumer to see exactly the 100. */
    private static void assertTransactionsWork(EmbeddedKafka kafka) {
        kafka.createTopics(Map.of("tx", 2));
        Properties config = producerConfig(kafka);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-test");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("tx", "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("tx", "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();

            // A last committed record after the aborted batch: once it is read, the aborted records would have been.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", 0, "end", "end"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> received = consume(kafka, "tx", "read_committed", 101);
        assertThat(received).extracting(ConsumerRecord::value)
                .hasSize(101)
                .contains("end")
                .filteredOn(v -> !v.equals("end"))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 100).mapToObj(i -> "committed-" + i).toList());
    }

    /**
     * Reads {@code topic} from the earliest offset until {@code expected} records arrived or the deadline passed,
     * then polls once more so that surplus records would show up in the result.
     */
    private static List<ConsumerRecord<String, String>> consume(
            EmbeddedKafka kafka, String topic, String isolation, int expected) {
        Properties config = kafka.clientSecurityProperties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    private static Properties producerConfig(EmbeddedKafka kafka) {
        Properties config = kafka.clientSecurityProperties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    private static Properties adminConfig(EmbeddedKafka kafka) {
        Properties config = kafka.clientSecurityProperties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }
}
