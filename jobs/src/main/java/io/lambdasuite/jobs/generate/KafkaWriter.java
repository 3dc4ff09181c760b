package io.lambdasuite.jobs.generate;

import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces messages to existing Kafka topics (it creates nothing): key = the row's primary key, value = the
 * envelope bytes, record timestamp = the commit time. Durable and ordered per key (acks=all, idempotence), batched
 * and compressed for throughput. Extra producer properties (security settings included) pass through untouched
 * and are never logged.
 */
public final class KafkaWriter implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final GenerationSummary summary = new GenerationSummary();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaWriter(String bootstrapServers, Properties extra) {
        this(new KafkaProducer<>(producerProperties(bootstrapServers, extra)));
    }

    /** For tests: any producer, e.g. Kafka's MockProducer. */
    KafkaWriter(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * The producer settings: ours first, then {@code extra} on top. {@code max.request.size} leaves room for the
     * oversized (just over 1 MiB) malformed messages; compression keeps their batches below the broker's default
     * {@code message.max.bytes}.
     */
    public static Properties producerProperties(String bootstrapServers, Properties extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "lambda-generate");
        if (extra != null) {
            p.putAll(extra);
        }
        return p;
    }

    /** Produces every message, then flushes; throws if any send failed. */
    public static GenerationSummary writeAll(Iterator<GeneratedMessage> messages, String bootstrapServers,
            Properties extra) {
        try (KafkaWriter w = new KafkaWriter(bootstrapServers, extra)) {
            while (messages.hasNext()) {
                w.write(messages.next());
            }
            w.flush();
            return w.summary();
        }
    }

    /** Sends asynchronously; throws {@link IllegalStateException} once an earlier send has failed. */
    public void write(GeneratedMessage m) {
        check();
        producer.send(new ProducerRecord<>(m.topic, null, m.commitTimestamp, m.key, m.value), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        summary.add(m);
    }

    /** Waits until every message sent so far is acknowledged. */
    public void flush() {
        producer.flush();
        check();
    }

    public GenerationSummary summary() {
        return summary;
    }

    private void check() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("producing to Kafka failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
