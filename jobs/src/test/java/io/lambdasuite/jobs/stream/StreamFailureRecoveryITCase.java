package io.lambdasuite.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.MvCheck;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the running job mid-stream and lets it restart from its latest checkpoint: the production job with
 * one extra map after the Kafka source that throws once, on the first message it sees after a checkpoint has
 * completed (about 18k messages are read, 4k at most per subtask before the failure). Afterwards the Parquet output holds every expected row exactly once: nothing lost (the newest
 * version of every key is there, equal to the log's), nothing duplicated (no version written twice), dead
 * letters exact.
 */
class StreamFailureRecoveryITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    /**
     * Throws once (a marker file remembers it across the restart): on the first message after a completed
     * checkpoint, or at the latest on a subtask's {@link #LATEST}-th message, so the failure happens mid-stream
     * even when the first checkpoint is slow to complete on a loaded machine.
     */
    static final class FailOnceAfterCheckpoint implements MapFunction<RawMessage, RawMessage>, CheckpointListener {
        static final int LATEST = 4_000;
        private final String marker;
        private transient boolean checkpointed;
        private transient int seen;

        FailOnceAfterCheckpoint(String marker) {
            this.marker = marker;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }

        @Override
        public RawMessage map(RawMessage m) throws IOException {
            if ((checkpointed || ++seen >= LATEST) && !Files.exists(Path.of(marker))) {
                Files.createFile(Path.of(marker));
                throw new IllegalStateException("injected failure");
            }
            return m;
        }
    }

    @Test
    void restartFromCheckpointLosesAndDuplicatesNothing() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
            Map<String, Integer> topics = new LinkedHashMap<>();
            for (Table t : Table.values()) {
                topics.put(t.tableName(), 2);
            }
            kafka.createTopics(topics);
            CdcLogs log = CdcLogs.generate(23, 15_000, 1);
            Path logDir = tmp.resolve("log");
            Path out = tmp.resolve("out");
            Path failed = tmp.resolve("failed-once");
            log.writeFiles(0, logDir);
            log.produce(0, kafka.bootstrapServers());

            Configuration o = new Configuration();
            o.set(StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
            o.set(StreamOptions.BASE_PATH, out.toString());
            o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(200));
            o.set(StreamOptions.PARALLELISM, 2);
            Configuration restart = new Configuration();
            restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            StreamJob.run(o, restart, msg -> {}, raw -> raw
                    .map(new FailOnceAfterCheckpoint(failed.toString())).uid("inject-failure").name("Fail once"));

            assertThat(failed).as("the injected failure happened").exists();
            MvCheck check = MvCheck.of(logDir, out);
            assertThat(check.missingOrDifferent).as(check.toString()).isEmpty();
            assertThat(check.unexpected).as(check.toString()).isEmpty();
            assertThat(check.duplicateVersions).as(check.toString()).isZero();
            assertThat(check.actualDeadLetters).isEqualTo(check.expectedDeadLetters);
        }
    }
}
