package io.lambdasuite.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.udfs.model.RawMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the production streaming job over Kafka through a seeded plan of faults. Each fault comes a planned
 * number of raw messages (as the job's source hands them on, replays included) after the previous one, so that
 * it lands mid-stream whatever a restart replays: the job has read at most the sum of the gaps, which the plan
 * keeps below 90% of the log (or, if a restart left it nothing to read, the fault comes once it is idle).
 * <ul>
 *   <li>{@link Fault#TASK_FAILURE}: an operator after the source throws on that message; Flink restarts the job
 *       from its latest checkpoint (restart strategy, same job);</li>
 *   <li>{@link Fault#CANCEL}: the job is cancelled and a new job is started from its latest retained
 *       checkpoint (a full restart, as after losing the cluster);</li>
 *   <li>{@link Fault#SAVEPOINT_UPGRADE}: the job is stopped with a savepoint and a new job, with the other
 *       parallelism (2 &lt;-&gt; 1), is started from it (a job upgrade);</li>
 *   <li>{@link Fault#BROKER_RESTART}: the Kafka broker is stopped for a while and started again (same ports,
 *       same logs) under the running job.</li>
 * </ul>
 * The jobs run unbounded; after the last fault the running job is stopped with a savepoint and an incremental
 * run from it reads to the end and stops (draining), so that the output is complete for the checks.
 */
final class StreamFaults implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFaults.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    enum Fault {
        TASK_FAILURE,
        CANCEL,
        SAVEPOINT_UPGRADE,
        BROKER_RESTART
    }

    /** A fault {@code after} messages after the previous one (or the start). */
    record Kill(long after, Fault fault) {
        @Override
        public String toString() {
            return fault + "+" + after;
        }
    }

    /** Raw messages seen by the counting operator, over every job and restart of a test (one test at a time). */
    static final AtomicLong SEEN = new AtomicLong();
    /** The message count at which the counting operator throws once, or -1. */
    static final AtomicLong FAIL_AT = new AtomicLong(-1);
    /** Counting operator instances opened: 2 per (re)start of a job at parallelism 2. */
    static final AtomicLong OPENED = new AtomicLong();

    /**
     * Counts the raw messages and throws when {@link #FAIL_AT} is reached (once per arming). Sleeps 1 ms a message
     * so that a pass over the log takes seconds: checkpoints complete and faults land mid-stream.
     */
    static final class CountAndFail extends RichMapFunction<RawMessage, RawMessage> {
        @Override
        public void open(OpenContext context) {
            OPENED.incrementAndGet();
        }

        @Override
        public RawMessage map(RawMessage m) throws InterruptedException {
            Thread.sleep(1);
            long n = SEEN.incrementAndGet();
            long failAt = FAIL_AT.get();
            if (failAt >= 0 && n >= failAt && FAIL_AT.compareAndSet(failAt, -1)) {
                throw new IllegalStateException("injected failure at message " + n);
            }
            return m;
        }
    }

    /**
     * {@code n} faults at seeded random gaps of 27% to 90% of {@code 0.9 * messages / n}: at least one savepoint
     * upgrade and (from 3 points on) one cancel and one task failure, the rest task failures or cancels.
     */
    static List<Kill> plan(long seed, int n, long messages) {
        Random r = new Random(seed);
        List<Fault> kinds = new ArrayList<>();
        kinds.add(Fault.SAVEPOINT_UPGRADE);
        if (n >= 3) {
            kinds.add(Fault.CANCEL);
            kinds.add(Fault.TASK_FAILURE);
        }
        while (kinds.size() < n) {
            kinds.add(r.nextBoolean() ? Fault.TASK_FAILURE : Fault.CANCEL);
        }
        Collections.shuffle(kinds, r);
        List<Kill> kills = new ArrayList<>();
        for (Fault f : kinds) {
            kills.add(new Kill(1 + (long) (0.9 * messages / n * (0.3 + 0.7 * r.nextDouble())), f));
        }
        return kills;
    }

    private final ClusterClient<?> client;
    private final EmbeddedKafka kafka;
    private final Path base;
    private final String prefix;
    private final String groupId;
    private final Set<String> topics;
    private final Admin admin;
    private String restoreFrom;
    private int parallelism = 2;
    private Run run;
    /** What happened, in order, for the log and for assertion messages. */
    final List<String> events = new ArrayList<>();

    StreamFaults(ClusterClient<?> client, EmbeddedKafka kafka, Path base, String prefix) {
        this.client = client;
        this.kafka = kafka;
        this.base = base;
        this.prefix = prefix;
        this.groupId = prefix + "faults";
        this.topics = IncrementalRuns.topics(prefix, 1).keySet();
        this.admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()));
        SEEN.set(0);
        FAIL_AT.set(-1);
        OPENED.set(0);
    }

    /** Starts the job and takes it through every fault of {@code plan}; {@link #finish} ends it. */
    void drive(List<Kill> plan) throws Exception {
        LOG.info("fault plan: {}", plan);
        run = start(false);
        for (Kill k : plan) {
            if (k.fault() == Fault.TASK_FAILURE) {
                awaitFirstCheckpoint();
            }
            long at = SEEN.get() + k.after();
            switch (k.fault()) {
                case TASK_FAILURE -> {
                    FAIL_AT.set(at);
                    awaitPoint(at, () -> FAIL_AT.get() < 0);
                    if (FAIL_AT.getAndSet(-1) >= 0) {
                        throw new IllegalStateException("the job went idle before the failure at " + at
                                + " (a task failure needs a message to fail on): " + events);
                    }
                    event(k, "task failure at message " + at + "; Flink restarts from the latest checkpoint");
                }
                case CANCEL -> {
                    JobID job = awaitPoint(at, () -> SEEN.get() >= at);
                    long seen = SEEN.get();
                    client.cancel(job).get();
                    run.awaitEnd();
                    Optional<Path> checkpoint = latestCheckpoint(job);
                    checkpoint.ifPresent(c -> restoreFrom = c.toString());
                    event(k, "cancelled at message " + seen + "; restarting from "
                            + (checkpoint.isPresent() ? checkpoint.get().getFileName() : "the previous restore point ("
                                    + restoreFrom + ")"));
                    run = start(false);
                }
                case SAVEPOINT_UPGRADE -> {
                    JobID job = awaitPoint(at, () -> SEEN.get() >= at);
                    long seen = SEEN.get();
                    restoreFrom = stopWithSavepoint(job);
                    run.awaitEnd();
                    parallelism = 3 - parallelism;
                    event(k, "stopped with a savepoint at message " + seen + "; upgrading to parallelism "
                            + parallelism);
                    run = start(false);
                }
                case BROKER_RESTART -> {
                    awaitPoint(at, () -> SEEN.get() >= at);
                    long seen = SEEN.get();
                    kafka.stop();
                    Thread.sleep(3_000);
                    kafka.restart();
                    event(k, "broker stopped at message " + seen + " for 3 s and restarted");
                }
            }
        }
    }

    /** Stops the running job with a savepoint and reads the rest in an incremental run from it. */
    void finish() throws Exception {
        restoreFrom = stopWithSavepoint(runningJob());
        run.awaitEnd();
        run = start(true);
        assertThat(run.awaitEnd()).as("the last, incremental run ends normally").isEmpty();
        LOG.info("done after {} messages and {} operator (re)starts: {}", SEEN.get(), OPENED.get(), events);
    }

    /** Cancels a job a failed test left running (the next test needs the slots), then closes the admin client. */
    @Override
    public void close() throws Exception {
        try {
            for (JobStatusMessage m : client.listJobs().get()) {
                if (!m.getJobState().isGloballyTerminalState()) {
                    client.cancel(m.getJobId()).get();
                }
            }
            if (run != null) {
                run.awaitEnd();
            }
        } finally {
            admin.close();
        }
    }

    /**
     * Task failures come only once the running job has completed a checkpoint. (Without this wait, seed 37 with ten
     * points made a task fail within a second of a job restored from a savepoint at parallelism 1, before its
     * first checkpoint; after the restart one Kafka partition was never read again and the run hung: an open
     * question, see the README's fault suite.)
     */
    private void awaitFirstCheckpoint() throws Exception {
        JobID job = runningJob();
        await(() -> {
            try {
                return latestCheckpoint(job).isPresent() || run.ended();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "a checkpoint of job " + job);
    }

    /** Waits until the counting operator has seen {@code messages} messages (the job keeps running). */
    void awaitSeen(long messages) throws Exception {
        await(() -> SEEN.get() >= messages || run.ended(), messages + " messages");
        assertThat(run.ended()).as("the job is still running").isFalse();
    }

    private void event(Kill k, String what) {
        String e = k + ": " + what;
        events.add(e);
        LOG.info(e);
    }

    /**
     * Waits until {@code reached}, or until the job has nothing left to read (a restart from a checkpoint taken
     * after everything was read); returns the running job.
     */
    private JobID awaitPoint(long at, BooleanSupplier reached) throws Exception {
        long[] lastCheck = {System.nanoTime()};
        await(() -> {
            if (reached.getAsBoolean() || run.ended()) {
                return true;
            }
            if (System.nanoTime() - lastCheck[0] < 200_000_000L) {
                return false;
            }
            lastCheck[0] = System.nanoTime();
            return nothingLeftToRead();
        }, "message " + at);
        assertThat(run.ended()).as("the job ended before message %d: %s", at, events).isFalse();
        if (!reached.getAsBoolean()) {
            LOG.info("the job has read everything at message {} (planned: {})", SEEN.get(), at);
        }
        return runningJob();
    }

    /**
     * The offsets the job commits on completed checkpoints reached the end of every partition: whatever job runs
     * now restored at least that far, so it has nothing to read.
     */
    private boolean nothingLeftToRead() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((t, d) -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private JobID runningJob() throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JobStatusMessage m : client.listJobs().get()) {
                if (!m.getJobState().isGloballyTerminalState()) {
                    return m.getJobId();
                }
            }
            assertThat(run.ended()).as("the job ended unexpectedly").isFalse();
            Thread.sleep(50);
        }
        throw new IllegalStateException("no running job");
    }

    /** Stop-with-savepoint needs every task running: retried while a restart is in progress. */
    private String stopWithSavepoint(JobID job) throws Exception {
        String dir = base.resolve("_savepoints").toUri().toString();
        for (int attempt = 1; ; attempt++) {
            try {
                return client.stopWithSavepoint(job, false, dir, SavepointFormatType.CANONICAL).get();
            } catch (Exception e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** The newest completed checkpoint a job retained: {@code _checkpoints/<job>/chk-<n>} with its metadata. */
    private Optional<Path> latestCheckpoint(JobID job) throws IOException {
        Path dir = base.resolve("_checkpoints").resolve(job.toHexString());
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max((a, b) -> Long.compare(checkpointNumber(a), checkpointNumber(b)));
        }
    }

    private static long checkpointNumber(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    private Run start(boolean incremental) {
        Configuration o = IncrementalRuns.kafkaOptions(kafka.bootstrapServers(), prefix, groupId, base);
        o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, incremental);
        o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(200));
        o.set(StreamOptions.PARALLELISM, parallelism);
        if (restoreFrom != null) {
            o.set(StreamOptions.FROM_SAVEPOINT, restoreFrom);
        }
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return new Run(o, restart);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** One job run on its own thread (StreamJob.run blocks until the job ends). */
    private static final class Run {
        private final Thread thread;
        private volatile Throwable failure;
        private volatile boolean ended;

        Run(Configuration o, Configuration flink) {
            thread = new Thread(() -> {
                try {
                    StreamJob.run(o, flink, msg -> {}, raw -> raw.map(new CountAndFail()).uid("fault-injection")
                            .name("Count, fail on demand"));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    ended = true;
                }
            }, "stream-faults-run");
            thread.setDaemon(true);
            thread.start();
        }

        boolean ended() {
            return ended;
        }

        /** Waits for the run to end; a cancelled or stopped job ends its run with an exception, which is expected. */
        Optional<Throwable> awaitEnd() throws InterruptedException {
            thread.join(TIMEOUT.toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException("the job did not end");
            }
            return Optional.ofNullable(failure);
        }
    }
}
