package io.lambdasuite.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.MvCheck;
import io.lambdasuite.jobs.testing.ServingCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite of the streaming job (issue 7): the production job over Kafka is killed at seeded random
 * points of its stream ({@link StreamFaults}: task failures, cancel + restart from the latest retained
 * checkpoint, stop with a savepoint + upgrade to another parallelism, a broker outage), then merged; the MV and
 * the published snapshot must equal what the log says (SPEC §9): nothing lost, nothing duplicated, dead letters
 * exact. The plan and what happened at each point are logged ({@code LAMBDA_TEST_LOG=INFO} shows them); a seed
 * reproduces the same plan.
 *
 * <p>The ten-point test is tagged {@code faults}: the default build runs it, {@code -P quick} leaves it out (with the
 * three-point plan, one of each kind, and the broker outage still in).
 *
 * <p>Every test has a broker of its own, so that one test's outage or leftovers cannot reach the next.
 */
class StreamFaultsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T05:10:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private EmbeddedKafka kafka;

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    @Test
    void threeFaultsOfEachKindLoseAndDuplicateNothing(@InjectClusterClient ClusterClient<?> client) throws Exception {
        killAtRandomPoints(client, "three-", 3, 31, 5_000);
    }

    @Test
    @Tag("faults")
    void tenRandomFaultsLoseAndDuplicateNothing(@InjectClusterClient ClusterClient<?> client) throws Exception {
        // ten faults need a longer log: every task failure first waits for a checkpoint, while the job reads on
        killAtRandomPoints(client, "ten-", 10, 37, 25_000);
    }

    @Test
    void theJobRecoversFromABrokerRestartUnderIt(@InjectClusterClient ClusterClient<?> client) throws Exception {
        String prefix = "broker-";
        Path logDir = tmp.resolve(prefix + "log");
        Path base = tmp.resolve(prefix + "base");
        long messages = produce(prefix, 41, logDir, 5_000);
        try (StreamFaults faults = new StreamFaults(client, kafka, base, prefix)) {
            faults.drive(List.of(new StreamFaults.Kill(messages * 2 / 5, StreamFaults.Fault.BROKER_RESTART)));
            // the same job reads on to the end after the outage
            faults.awaitSeen(messages);
            faults.finish();
            assertNothingLostOrDuplicated(logDir, base, faults);
        }
    }

    private void killAtRandomPoints(ClusterClient<?> client, String prefix, int points, long seed,
            long activities) throws Exception {
        Path logDir = tmp.resolve(prefix + "log");
        Path base = tmp.resolve(prefix + "base");
        long messages = produce(prefix, seed, logDir, activities);
        List<StreamFaults.Kill> plan = StreamFaults.plan(seed, points, messages);
        assertThat(plan).extracting(StreamFaults.Kill::fault).contains(StreamFaults.Fault.SAVEPOINT_UPGRADE,
                StreamFaults.Fault.CANCEL, StreamFaults.Fault.TASK_FAILURE);
        try (StreamFaults faults = new StreamFaults(client, kafka, base, prefix)) {
            faults.drive(plan);
            faults.finish();
            assertThat(faults.events).hasSize(points);
            assertNothingLostOrDuplicated(logDir, base, faults);
        }
    }

    /** Produces a generated log (one phase) to topics named with {@code prefix}; returns its message count. */
    private long produce(String prefix, long seed, Path logDir, long activities) throws Exception {
        kafka.createTopics(IncrementalRuns.topics(prefix, 2));
        CdcLogs log = CdcLogs.generate(seed, activities, 1).withTopicPrefix(prefix);
        log.writeFiles(0, logDir);
        log.produce(0, kafka.bootstrapServers());
        return log.phases.get(0).size();
    }

    /** MV: the newest version of every key, no version twice, exact dead letters; then merge and SPEC §9. */
    private void assertNothingLostOrDuplicated(Path logDir, Path base, StreamFaults faults) throws Exception {
        MvCheck check = MvCheck.of(logDir, base);
        String what = faults.events + "\n" + check;
        assertThat(check.missingOrDifferent).as(what).isEmpty();
        assertThat(check.unexpected).as(what).isEmpty();
        assertThat(check.duplicateVersions).as(what).isZero();
        assertThat(check.actualDeadLetters).as(what).isEqualTo(check.expectedDeadLetters);

        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.PARALLELISM, 2);
        assertThat(MergeJob.run(o, CLOCK, msg -> {}).outcome).isEqualTo(PublishResult.PUBLISHED);
        ServingCheck.assertMatches(logDir, base);
    }
}
