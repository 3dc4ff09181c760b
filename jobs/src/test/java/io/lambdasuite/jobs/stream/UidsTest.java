package io.lambdasuite.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.udfs.model.RawMessage;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoint compatibility (STYLE: state and operator discipline): with auto-generated uids disabled, the
 * production graph builds, every node carries an explicit uid, every constant of {@link Uids} is used, and a
 * node without a uid is rejected.
 */
class UidsTest {
    private static final String TEST_SOURCE = "test-source";

    @TempDir
    Path tmp;

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return new StreamExecutionEnvironment(conf);
    }

    private static DataStream<RawMessage> boundedSource(StreamExecutionEnvironment env) {
        return env.fromData(TypeInformation.of(RawMessage.class),
                        new RawMessage("members", 0, 0, null, "{}".getBytes(StandardCharsets.UTF_8)))
                .uid(TEST_SOURCE).name("Test messages");
    }

    private StreamGraph productionGraph(StreamPipeline.CatchUp catchUp) {
        StreamExecutionEnvironment env = environment();
        StreamPipeline.build(new Configuration(), boundedSource(env), new ParquetDatasets(tmp.toUri().toString()), catchUp);
        return env.getStreamGraph(); // validates uids: auto-generation is off
    }

    private static List<String> nodeUids(StreamGraph graph) {
        List<String> uids = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getTransformationUID()).as("uid of node '%s'", node.getOperatorName()).isNotNull();
            uids.add(node.getTransformationUID());
        }
        return uids;
    }

    /** The values of every constant of {@link Uids}. */
    private static Set<String> uidConstants() throws IllegalAccessException {
        Set<String> out = new TreeSet<>();
        for (Field f : Uids.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    @Test
    void theProductionGraphHasAnExplicitUniqueUidOnEveryNode() throws Exception {
        StreamGraph graph = productionGraph(null);

        List<String> uids = nodeUids(graph);
        assertThat(new HashSet<>(uids)).as("uids are unique").hasSize(uids.size());
        Set<String> expected = uidConstants();
        expected.removeAll(Set.of(Uids.KAFKA_SOURCE, Uids.FILE_SOURCE, Uids.CATCH_UP_TRACKER,
                Uids.CATCH_UP_TRACKER_SINK)); // not in this variant
        assertThat(uids).contains(TEST_SOURCE).containsAll(expected).doesNotContain(Uids.CATCH_UP_TRACKER);
        // operator ids (hashes of the uids) can be derived for the job graph
        assertThat(graph.getJobGraph().getNumberOfVertices()).isPositive();
    }

    @Test
    void theCatchUpVariantAddsTheTrackerWithItsUid() throws Exception {
        StreamGraph graph = productionGraph(new StreamPipeline.CatchUp(List.of(), null, "file:///tmp/x"));

        List<String> uids = nodeUids(graph);
        assertThat(new HashSet<>(uids)).hasSize(uids.size());
        assertThat(uids).contains(Uids.CATCH_UP_TRACKER, Uids.CATCH_UP_TRACKER_SINK);
        assertThat(graph.getJobGraph().getNumberOfVertices()).isPositive();
    }

    @Test
    void theJobsOwnSourcesCarryTheirUids() throws Exception {
        Configuration kafka = new Configuration();
        kafka.set(StreamOptions.BASE_PATH, tmp.resolve("kafka-out").toString());
        StreamExecutionEnvironment kafkaEnv = environment();
        StreamJob.build(kafkaEnv, kafka, tmp.resolve("marker").toString(), Map.of(), raw -> raw);

        Configuration files = new Configuration();
        files.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        files.set(StreamOptions.INPUT_DIR, tmp.toString());
        files.set(StreamOptions.MONITOR_INTERVAL, java.time.Duration.ofSeconds(1));
        files.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
        files.set(StreamOptions.BASE_PATH, tmp.resolve("files-out").toString());
        StreamExecutionEnvironment filesEnv = environment();
        StreamJob.build(filesEnv, files, tmp.resolve("marker").toString(), Map.of(), raw -> raw);

        List<String> all = new ArrayList<>(nodeUids(kafkaEnv.getStreamGraph()));
        all.addAll(nodeUids(filesEnv.getStreamGraph()));
        assertThat(all).contains(Uids.KAFKA_SOURCE, Uids.FILE_SOURCE, Uids.CATCH_UP_TRACKER)
                .as("every constant of Uids is used by some variant of the job").containsAll(uidConstants());
    }

    @Test
    void everyUidIsKebabCase() throws Exception {
        assertThat(uidConstants()).allSatisfy(uid -> assertThat(uid).matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }

    @Test
    void aNodeWithoutAUidFailsTheBuild() {
        StreamExecutionEnvironment env = environment();
        DataStream<RawMessage> raw = boundedSource(env);
        StreamPipeline.build(new Configuration(), raw, new ParquetDatasets(tmp.toUri().toString()), null);
        raw.map(m -> m.topic).returns(String.class).name("Deliberately without uid");

        assertThatThrownBy(env::getStreamGraph)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Deliberately without uid");
    }

    @Test
    void aSourceWithoutAUidFailsTheBuild() {
        StreamExecutionEnvironment env = environment();
        DataStream<RawMessage> raw = env.fromData(TypeInformation.of(RawMessage.class),
                new RawMessage("members", 0, 0, null, new byte[0]));
        StreamPipeline.build(new Configuration(), raw, new ParquetDatasets(tmp.toUri().toString()), null);

        assertThatThrownBy(env::getStreamGraph).isInstanceOf(IllegalStateException.class);
    }
}
