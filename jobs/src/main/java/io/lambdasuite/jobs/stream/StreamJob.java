package io.lambdasuite.jobs.stream;

import io.lambdasuite.jobs.bootstrap.BootstrapPositions;
import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.sink.DeadLetterTopicSinks;
import io.lambdasuite.jobs.source.Sources;
import io.lambdasuite.udfs.model.RawMessage;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lambda stream}: validates options, builds the environment (checkpointing, stable uids, no Kryo),
 * wires source, {@link StreamPipeline} and Parquet sinks, and runs: until cancelled, until a bounded file
 * input ends, or (incremental runs) until everything present at start is read, then stops with a savepoint.
 */
public final class StreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJob.class);

    /** What a run ended with. */
    public static final class Result {
        /** The savepoint an incremental run stopped with; null otherwise. */
        public final String savepointPath;

        Result(String savepointPath) {
            this.savepointPath = savepointPath;
        }
    }

    private StreamJob() {}

    /** Fails fast with a message naming the option. */
    public static void validate(Configuration o) {
        StreamOptions.SourceKind kind = o.get(StreamOptions.SOURCE);
        if (kind == StreamOptions.SourceKind.FILES && o.get(StreamOptions.INPUT_DIR).isEmpty()) {
            throw new IllegalArgumentException("--source files needs --input-dir");
        }
        if (kind == StreamOptions.SourceKind.FILES && o.get(StreamOptions.STOP_WHEN_CAUGHT_UP)
                && o.get(StreamOptions.MONITOR_INTERVAL).isZero()) {
            throw new IllegalArgumentException(
                    "--stop-when-caught-up with --source files needs --monitor-interval > 0 (a bounded file run ends by itself and cannot be resumed)");
        }
        if (o.get(StreamOptions.CHECKPOINT_INTERVAL).isZero() || o.get(StreamOptions.CHECKPOINT_INTERVAL).isNegative()) {
            throw new IllegalArgumentException("--checkpoint-interval must be positive: output is committed on checkpoints");
        }
        Sources.kafkaProperties(o); // validates --kafka-property
        if (o.get(StreamOptions.STARTING_OFFSETS) == StreamOptions.StartingOffsets.BOOTSTRAP) {
            if (kind != StreamOptions.SourceKind.KAFKA) {
                throw new IllegalArgumentException("--starting-offsets bootstrap needs --source kafka");
            }
            BootstrapPositions p = Sources.bootstrapPositions(o);
            String ttl = TimeUtils.formatWithHighestUnit(o.get(StreamOptions.DEDUP_TTL));
            boolean handedOver = !p.streamState().isEmpty() && o.get(StreamOptions.FROM_SAVEPOINT).isEmpty();
            if (handedOver && !p.dedupTtl().equals(ttl)) {
                throw new IllegalArgumentException("--starting-offsets bootstrap: the bootstrap wrote its state with"
                        + " --state.dedup-ttl " + p.dedupTtl() + "; start the stream with the same (not " + ttl + ")");
            }
        }
    }

    /**
     * The savepoint a run starts from: {@code --from-savepoint}, else with {@code --starting-offsets bootstrap} the
     * keyed state the bootstrap handed over (its Kafka source has no state there, so it starts at the positions).
     */
    static String startingSavepoint(Configuration o) {
        if (!o.get(StreamOptions.FROM_SAVEPOINT).isEmpty()) {
            return o.get(StreamOptions.FROM_SAVEPOINT);
        }
        if (o.get(StreamOptions.STARTING_OFFSETS) == StreamOptions.StartingOffsets.BOOTSTRAP) {
            return Sources.bootstrapPositions(o).streamState();
        }
        return "";
    }

    /** The Flink settings the job's correctness needs; cluster tuning stays in deploy/. */
    public static Configuration flinkConfiguration(Configuration o) {
        Configuration f = new Configuration(o);
        // Kafka client properties (SASL passwords) are the sources' business: keep them out of the configuration
        // Flink ships with the job graph and can show (web UI, REST, logs).
        f.removeConfig(StreamOptions.KAFKA_PROPERTIES);
        String base = o.get(StreamOptions.BASE_PATH);
        String checkpoints = o.get(StreamOptions.CHECKPOINT_DIR).isEmpty()
                ? new Path(absolute(base), "_checkpoints").toString()
                : o.get(StreamOptions.CHECKPOINT_DIR);
        f.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.get(StreamOptions.CHECKPOINT_INTERVAL));
        f.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        f.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        f.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        f.set(PipelineOptions.GENERIC_TYPES, false);
        String savepoint = startingSavepoint(o);
        if (!savepoint.isEmpty()) {
            f.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return f;
    }

    /**
     * Builds the whole job graph into {@code env} with the production source and sinks. For an incremental run
     * ({@code kafkaEnds} for Kafka: end offsets at start; ignored for files, which are listed here) the graph
     * also tracks what it has read to its end and writes {@code markerPath} once it has read everything.
     */
    public static void build(StreamExecutionEnvironment env, Configuration o, String markerPath,
            Map<TopicPartition, Long> kafkaEnds, UnaryOperator<DataStream<RawMessage>> tap) {
        int parallelism = o.get(StreamOptions.PARALLELISM);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        boolean incremental = o.get(StreamOptions.STOP_WHEN_CAUGHT_UP);
        DataStream<RawMessage> raw;
        StreamPipeline.CatchUp catchUp = null;
        if (o.get(StreamOptions.SOURCE) == StreamOptions.SourceKind.KAFKA) {
            raw = env.fromSource(Sources.kafka(o), WatermarkStrategy.noWatermarks(), "Kafka CDC topics")
                    .uid(Uids.KAFKA_SOURCE);
            if (incremental) {
                List<String> expected = new ArrayList<>();
                Map<String, long[]> ends = new HashMap<>();
                kafkaEnds.forEach((tp, end) -> {
                    expected.add(ParseEnvelopes.readToEnd(tp.topic(), tp.partition(), end));
                    long[] byPartition = ends.merge(tp.topic(), new long[tp.partition() + 1],
                            (a, b) -> a.length > tp.partition() ? a : Arrays.copyOf(a, tp.partition() + 1));
                    byPartition[tp.partition()] = end;
                });
                catchUp = new StreamPipeline.CatchUp(expected, ends, markerPath);
            }
        } else {
            raw = env.fromSource(Sources.files(o), WatermarkStrategy.noWatermarks(), "NDJSON CDC files")
                    .uid(Uids.FILE_SOURCE);
            if (incremental) {
                catchUp = new StreamPipeline.CatchUp(Sources.listInputFiles(o), null, markerPath);
            }
        }
        StreamSinks sinks = new ParquetDatasets(absolute(o.get(StreamOptions.BASE_PATH)));
        if (!o.get(StreamOptions.DEAD_LETTER_TOPIC).isEmpty()) {
            sinks = new DeadLetterTopicSinks(sinks, Sources.kafkaProperties(o), o.get(StreamOptions.DEAD_LETTER_TOPIC));
        }
        StreamPipeline.build(o, tap.apply(raw), sinks, catchUp);
    }

    /** Runs the job on the environment Flink provides (a cluster under {@code flink run}, else a MiniCluster). */
    public static Result run(Configuration o, Consumer<String> progress) throws Exception {
        return run(o, new Configuration(), progress, raw -> raw);
    }

    /**
     * Runs the job with extra Flink settings and a transformation applied to the raw source stream before
     * parsing (tests inject faults there).
     */
    public static Result run(Configuration o, Configuration flinkOverrides, Consumer<String> progress,
            UnaryOperator<DataStream<RawMessage>> tap) throws Exception {
        validate(o);
        Configuration f = flinkConfiguration(o);
        f.addAll(flinkOverrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(f);
        env.configure(f);
        boolean incremental = o.get(StreamOptions.STOP_WHEN_CAUGHT_UP);
        boolean kafka = o.get(StreamOptions.SOURCE) == StreamOptions.SourceKind.KAFKA;
        Map<TopicPartition, Long> kafkaEnds = incremental && kafka ? kafkaEnds(o) : Map.of();
        String marker = new Path(absolute(o.get(StreamOptions.BASE_PATH)),
                "_runs/caught-up-" + UUID.randomUUID()).toString();
        build(env, o, marker, kafkaEnds, tap);
        if (!incremental) {
            env.execute("lambda-stream");
            return new Result(null);
        }
        JobClient job = env.executeAsync("lambda-stream");
        try (Admin admin = kafka ? Admin.create(Sources.kafkaProperties(o)) : null) {
            while (!caughtUp(o, admin, kafkaEnds, marker, progress)) {
                JobStatus status = job.getJobStatus().get();
                if (status.isGloballyTerminalState()) {
                    job.getJobExecutionResult().get(); // throws the failure, if any
                    throw new IllegalStateException("job ended (" + status + ") before it caught up");
                }
                Thread.sleep(250);
            }
            String target = o.get(StreamOptions.STOP_SAVEPOINT_PATH).isEmpty()
                    ? new Path(absolute(o.get(StreamOptions.BASE_PATH)), "_savepoints").toString()
                    : o.get(StreamOptions.STOP_SAVEPOINT_PATH);
            progress.accept("caught up; stopping with a savepoint under " + target);
            // Drain: the final watermark releases facts still waiting for a dimension (written as held, repaired
            // by the merge once the dimension exists), so the MV is complete when the run ends.
            String savepoint = stopWithSavepoint(job, target);
            job.getJobExecutionResult().get();
            return new Result(savepoint);
        } finally {
            Path m = new Path(marker);
            m.getFileSystem().delete(m, false);
        }
    }

    /**
     * Stop-with-savepoint, tried again while the job is still running: it is declined when a task is not running
     * at that moment (still deploying, or restarting after a failure), which a loaded machine makes likely right
     * after start-up; the job goes on running then, and a later attempt succeeds.
     */
    private static String stopWithSavepoint(JobClient job, String target) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return job.stopWithSavepoint(true, target, SavepointFormatType.CANONICAL).get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt >= STOP_ATTEMPTS || job.getJobStatus().get() != JobStatus.RUNNING) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static final int STOP_ATTEMPTS = 30;

    /**
     * Kafka: the end offset at start of every partition there is something to read in. Empty partitions, and
     * everything of a fresh run that starts at 'latest', are caught up by definition; so is a partition a fresh
     * run from the bootstrap's positions starts at its end.
     */
    private static Map<TopicPartition, Long> kafkaEnds(Configuration o) throws Exception {
        boolean fresh = o.get(StreamOptions.FROM_SAVEPOINT).isEmpty();
        if (o.get(StreamOptions.STARTING_OFFSETS) == StreamOptions.StartingOffsets.LATEST && fresh) {
            return Map.of();
        }
        try (Admin admin = Admin.create(Sources.kafkaProperties(o))) {
            Map<TopicPartition, Long> begin = Sources.offsets(admin, o, OffsetSpec.earliest());
            if (o.get(StreamOptions.STARTING_OFFSETS) == StreamOptions.StartingOffsets.BOOTSTRAP && fresh) {
                Sources.bootstrapPositions(o).topicPartitions().forEach((tp, at) -> begin.merge(tp, at, Math::max));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            Sources.offsets(admin, o, OffsetSpec.latest()).forEach((tp, end) -> {
                if (end > begin.getOrDefault(tp, 0L)) {
                    ends.put(tp, end);
                }
            });
            return ends;
        }
    }

    /**
     * Caught up when the job's tracker wrote the marker (it saw every input read to its end), or, for Kafka,
     * when the offsets the source commits on completed checkpoints reach the end offsets (this also covers
     * partitions a restored run has nothing new to read in, and transactional topics whose last offset is a
     * control record no consumer sees).
     */
    private static boolean caughtUp(Configuration o, Admin admin, Map<TopicPartition, Long> kafkaEnds,
            String marker, Consumer<String> progress) throws Exception {
        Path m = new Path(marker);
        if (m.getFileSystem().exists(m)) {
            return true;
        }
        if (admin == null) {
            return false;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(o.get(StreamOptions.GROUP_ID)).partitionsToOffsetAndMetadata().get();
        long target = 0;
        long done = 0;
        boolean all = true;
        for (Map.Entry<TopicPartition, Long> e : kafkaEnds.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long at = c == null ? 0 : Math.min(c.offset(), e.getValue());
            target += e.getValue();
            done += at;
            all &= at >= e.getValue();
        }
        progress.accept(String.format("committed %,d of %,d offsets", done, target));
        return all;
    }

    /** A path with a scheme: local paths become absolute {@code file:} URIs; others are kept. */
    public static String absolute(String path) {
        if (path.contains(":/")) {
            return path;
        }
        return "file://" + Paths.get(path).toAbsolutePath().normalize();
    }

}
