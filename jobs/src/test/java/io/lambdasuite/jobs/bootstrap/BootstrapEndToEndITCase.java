package io.lambdasuite.jobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.generate.GeneratedMessage;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.ServingCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bootstrap then stream, on a real broker: the first half of a generated CDC log is in Kafka when
 * {@code lambda bootstrap activities} runs; the second half is produced afterwards and read by
 * {@code lambda stream --starting-offsets bootstrap}; a merge follows. The initial snapshot, and the merged one,
 * equal the expected serving snapshot computed independently from the log (SPEC §9), and the boundary loses and
 * duplicates nothing: every rejected message of the whole log is dead-lettered exactly once, the bootstrap's below
 * the recorded positions, the stream's at or above them.
 */
class BootstrapEndToEndITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path tmp;

    static EmbeddedKafka kafka;

    /** When the bootstrap takes its end positions: the snapshot id is the next hour. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T05:10:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void bootstrapThenStreamFromTheRecordedPositionsMatchesTheLogAndTheBoundaryLosesAndDuplicatesNothing()
            throws Exception {
        String prefix = "boot-";
        kafka.createTopics(IncrementalRuns.topics(prefix, 2));
        CdcLogs log = CdcLogs.generate(23, 3_000, 2).withTopicPrefix(prefix);
        Path logDir = tmp.resolve("log");
        Path base = tmp.resolve("base");

        log.writeFiles(0, logDir);
        log.produce(0, kafka.bootstrapServers());
        BootstrapActivitiesJob.Result boot = BootstrapActivitiesJob.run(bootstrapOptions(base, prefix), CLOCK, m -> {});
        assertThat(boot.snapshotId).isEqualTo(Instant.parse("2024-05-01T06:00:00Z").toEpochMilli());
        assertThat(boot.rows).isPositive();
        ServingCheck.assertMatches(logDir, base);
        BootstrapPositions positions = BootstrapPositions.read(StreamJob.absolute(base.toString()));
        assertThat(positions.snapshotId()).isEqualTo(boot.snapshotId);
        assertThat(positions.topicPartitions().values().stream().mapToLong(Long::longValue).sum())
                .as("the positions are the ends of the first half").isEqualTo(log.phases.get(0).size());
        assertThat(positions.streamState()).isNotEmpty();

        log.writeFiles(1, logDir);
        log.produce(1, kafka.bootstrapServers());
        Configuration stream = streamOptions(base, prefix);
        assertThat(StreamJob.run(stream, m -> {}).savepointPath).isNotNull();
        Configuration merge = new Configuration();
        merge.set(MergeOptions.BASE_PATH, base.toString());
        merge.set(MergeOptions.SNAPSHOT, "2024-05-01T07");
        merge.set(MergeOptions.PARALLELISM, 2);
        MergeJob.Result merged = MergeJob.run(merge, CLOCK, m -> {});
        assertThat(merged.outcome).isEqualTo(PublishResult.PUBLISHED);
        assertThat(merged.mvFilesConsumed).isPositive();
        ServingCheck.assertMatches(logDir, base);

        // The boundary: each rejected message of the log is dead-lettered exactly once, on the right side.
        Map<String, Long> expected = new HashMap<>();
        for (int phase = 0; phase < 2; phase++) {
            for (GeneratedMessage m : log.phases.get(phase)) {
                if (m.isMalformed()) {
                    expected.merge(prefix + m.topic, 1L, Long::sum);
                }
            }
        }
        try (DuckDb db = new DuckDb()) {
            db.execute("CREATE TABLE positions (topic VARCHAR, p INTEGER, pos BIGINT)");
            for (var e : positions.topicPartitions().entrySet()) {
                db.execute(String.format("INSERT INTO positions VALUES ('%s', %d, %d)", e.getKey().topic(),
                        e.getKey().partition(), e.getValue()));
            }
            db.execute("CREATE TABLE letters AS SELECT 'bootstrap' AS side, topic, \"partition\" AS p, \"offset\""
                    + " FROM read_parquet('" + base + "/_bootstrap/run-*/_dead_letters/*/*.parquet')"
                    + " UNION ALL SELECT 'stream', topic, \"partition\", \"offset\""
                    + " FROM read_parquet('" + base + "/_dead_letters/*/*.parquet')");
            assertThat(db.count("SELECT count(*) FROM (SELECT topic, p, \"offset\" FROM letters"
                    + " GROUP BY ALL HAVING count(*) > 1)")).as("dead-lettered twice").isZero();
            assertThat(db.count("SELECT count(*) FROM letters l JOIN positions USING (topic, p) WHERE"
                    + " (side = 'bootstrap') <> (l.\"offset\" < pos)")).as("read on the wrong side of the positions")
                    .isZero();
            assertThat(db.count("SELECT count(DISTINCT side) FROM letters")).isEqualTo(2);
            Map<String, Long> actual = new HashMap<>();
            for (var row : db.query("SELECT topic, count(*) AS n FROM letters GROUP BY topic")) {
                actual.put((String) row.get("topic"), ((Number) row.get("n")).longValue());
            }
            assertThat(actual).as("every rejected message of the log").isEqualTo(expected);
        }
    }

    static Configuration bootstrapOptions(Path base, String prefix) {
        Configuration o = kafkaOptions(base, prefix);
        o.set(StreamOptions.PARALLELISM, 2);
        return o;
    }

    private static Configuration streamOptions(Path base, String prefix) {
        Configuration o = kafkaOptions(base, prefix);
        o.set(StreamOptions.GROUP_ID, prefix + "stream");
        o.set(StreamOptions.STARTING_OFFSETS, StreamOptions.StartingOffsets.BOOTSTRAP);
        o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
        o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        o.set(StreamOptions.PARALLELISM, 2);
        return o;
    }

    private static Configuration kafkaOptions(Path base, String prefix) {
        Configuration o = IncrementalRuns.topicOptions(new Configuration(), kafka.bootstrapServers(), prefix);
        o.set(StreamOptions.BASE_PATH, base.toString());
        return o;
    }
}
