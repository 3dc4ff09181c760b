package io.lambdasuite.jobs.sink;

import io.lambdasuite.jobs.stream.StreamSinks;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The job's sinks with dead letters sent to a Kafka topic (JSON, at least once: a dead letter may repeat
 * after a restart, which its position makes easy to spot) instead of the Parquet dataset.
 */
public final class DeadLetterTopicSinks implements StreamSinks {
    private final StreamSinks delegate;
    private final Properties kafka;
    private final String topic;

    public DeadLetterTopicSinks(StreamSinks delegate, Properties kafka, String topic) {
        this.delegate = delegate;
        this.kafka = kafka;
        this.topic = topic;
    }

    @Override
    public Sink<DeadLetter> deadLetters() {
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(kafka)
                .setBootstrapServers(kafka.getProperty("bootstrap.servers"))
                .setRecordSerializer(KafkaRecordSerializationSchema.<DeadLetter>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new DeadLetterJson())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    @Override
    public Sink<ActivityRow> activities() {
        return delegate.activities();
    }

    @Override
    public Sink<MemberRow> members() {
        return delegate.members();
    }

    @Override
    public Sink<OrganizationRow> organizations() {
        return delegate.organizations();
    }

    @Override
    public Sink<SegmentRow> segments() {
        return delegate.segments();
    }

    @Override
    public Sink<RepositoryRow> repositories() {
        return delegate.repositories();
    }

    @Override
    public Sink<PullRequestRecord> pullRequests() {
        return delegate.pullRequests();
    }
}
