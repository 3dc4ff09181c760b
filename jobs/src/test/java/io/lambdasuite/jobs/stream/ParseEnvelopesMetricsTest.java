package io.lambdasuite.jobs.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.status.SnapshotAgeGauge;
import io.lambdasuite.jobs.testing.Envelopes;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parse step's metrics under their documented names (README "Metrics"): {@code parsed}, {@code deadLettered},
 * one {@code deadLettered_<reason>} counter per reason, and the serving snapshot age gauge on subtask 0 only.
 */
class ParseEnvelopesMetricsTest {
    @TempDir
    Path base;

    @Test
    void countsParsedAndDeadLetteredMessagesByReasonAndExposesTheSnapshotAge() throws Exception {
        long snapshot = SnapshotIds.hourOf(System.currentTimeMillis());
        SnapshotStore serving = SnapshotStore.open(SnapshotAgeGauge.servingRoot(base.toUri().toString()));
        serving.publish(serving.stage(snapshot), SnapshotManifest.of(snapshot, snapshot, serving.dataset(),
                List.of(), List.of(), null, List.of(), Map.of(), Map.of()));

        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        try (OneInputStreamOperatorTestHarness<RawMessage, ActivityRow> h = harness(metrics, 0)) {
            h.processElement(kafka(Envelopes.envelope("activityRelations", "insert", Envelopes.activity("a1"))), 0);
            h.processElement(kafka("{\"record\": {"), 0);
            h.processElement(new RawMessage("activityRelations", 0, 9, null, null), 0); // a Kafka null value
            h.processElement(kafka(Envelopes.envelope("users", "insert", Envelopes.row("id", "u1"))), 0);

            assertThat(h.extractOutputValues()).extracting(r -> r.activityId).containsExactly("a1");
            assertThat(h.getSideOutput(Tags.DEAD_LETTERS)).hasSize(3);
        }
        assertThat(count(metrics, "parsed")).isEqualTo(1);
        assertThat(count(metrics, "deadLettered")).isEqualTo(3);
        assertThat(count(metrics, "deadLettered_malformed_json")).isEqualTo(2);
        assertThat(count(metrics, "deadLettered_unknown_table")).isEqualTo(1);
        for (BadMessage.Reason r : BadMessage.Reason.values()) {
            assertThat(metrics.get("deadLettered_" + r.code().replace('-', '_'))).as(r.code()).isInstanceOf(Counter.class);
        }

        long before = System.currentTimeMillis();
        long age = (Long) ((Gauge<?>) metrics.get(SnapshotAgeGauge.NAME)).getValue();
        long after = System.currentTimeMillis();
        assertThat(age).isBetween(before - snapshot, after - snapshot);

        InterceptingOperatorMetricGroup second = new InterceptingOperatorMetricGroup();
        try (OneInputStreamOperatorTestHarness<RawMessage, ActivityRow> h = harness(second, 1)) {
            assertThat(second.get("parsed")).isNotNull();
            assertThat(second.get(SnapshotAgeGauge.NAME)).as("one subtask lists the serving directory").isNull();
        }
    }

    private OneInputStreamOperatorTestHarness<RawMessage, ActivityRow> harness(
            InterceptingOperatorMetricGroup metrics, int subtask) throws Exception {
        InterceptingTaskMetricGroup task = new InterceptingTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> vars) {
                return metrics;
            }
        };
        OneInputStreamOperatorTestHarness<RawMessage, ActivityRow> h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ParseEnvelopes(1 << 20, null,
                        SnapshotAgeGauge.servingRoot(base.toUri().toString()).toString())),
                new MockEnvironmentBuilder().setMetricGroup(task).setParallelism(2).setMaxParallelism(2)
                        .setSubtaskIndex(subtask).build());
        h.open();
        return h;
    }

    private static RawMessage kafka(String value) {
        return new RawMessage("activityRelations", 0, 0, null, value.getBytes(UTF_8));
    }

    private static long count(InterceptingOperatorMetricGroup metrics, String name) {
        return ((Counter) metrics.get(name)).getCount();
    }
}
