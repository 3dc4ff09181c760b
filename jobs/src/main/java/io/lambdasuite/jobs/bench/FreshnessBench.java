package io.lambdasuite.jobs.bench;

import io.lambdasuite.jobs.generate.CdcGenerator;
import io.lambdasuite.jobs.generate.GeneratedMessage;
import io.lambdasuite.jobs.generate.KafkaWriter;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.parquet.RowParquetReaders;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.cdc.ParsedChange;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code lambda bench freshness}: how long after a message is written to Kafka its row is readable in published
 * MV Parquet. The streaming job runs (every operator and sink, the given checkpoint interval) while a producer
 * writes generated messages at a steady rate; a poller lists the MV dataset every {@link #POLL} and reads the rows
 * of each newly committed file. Per fact version (activityId, updatedAt): the time from its first send to the poll
 * that saw it. Reported in checkpoint intervals (the unit the FileSink publishes in); goal p99 ≤ 2.
 */
public final class FreshnessBench {
    static final double GOAL_P99_INTERVALS = 2.0;
    static final Duration POLL = Duration.ofMillis(100);

    public record Options(int rate, Duration duration, Duration warmup, Duration checkpointInterval, int parallelism,
            int partitions, long seed, Path dir, Path out) {}

    private final Options o;
    private final PrintStream log;

    public FreshnessBench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    /** Runs the benchmark and writes the reports; returns the Markdown report's path. */
    public Path run() throws Exception {
        Path dir = o.dir().toAbsolutePath().resolve("freshness");
        MergeBench.deleteTree(dir);
        Path base = dir.resolve("out");
        try (EmbeddedKafka kafka = BenchInput.broker(dir.resolve("kafka"), o.partitions())) {
            Configuration opts = BenchInput.streamOptions(kafka, base, o.parallelism());
            opts.set(StreamOptions.CHECKPOINT_INTERVAL, o.checkpointInterval());
            Configuration f = StreamJob.flinkConfiguration(opts);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(f);
            env.configure(f);
            StreamJob.build(env, opts, base.resolve("_runs/unused").toString(), Map.of(), raw -> raw);
            JobClient job = env.executeAsync("lambda-stream-freshness");
            try {
                awaitRunning(job);
                return measure(kafka, job, base.resolve(Table.ACTIVITY_RELATIONS.mvDataset()));
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) {
                    job.cancel().get();
                }
            }
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                throw new IllegalStateException("the job ended before it ran");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Sends at the rate, one thread; records the first send time of each fact version. */
    private static final class Producer implements Runnable {
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final EmbeddedKafka kafka;
        final CdcGenerator gen;
        final int rate;
        final long endNanos;
        /** Fact versions sent before this are not measured (job warm-up). */
        final long measureFromMillis;

        Producer(EmbeddedKafka kafka, CdcGenerator gen, int rate, long endNanos, long measureFromMillis) {
            this.kafka = kafka;
            this.gen = gen;
            this.rate = rate;
            this.endNanos = endNanos;
            this.measureFromMillis = measureFromMillis;
        }

        @Override
        public void run() {
            EnvelopeParser parser = new EnvelopeParser();
            long start = System.nanoTime();
            try (KafkaWriter w = new KafkaWriter(kafka.bootstrapServers(), kafka.clientSecurityProperties())) {
                while (System.nanoTime() < endNanos && gen.hasNext()) {
                    long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                    while (sent.get() < due && gen.hasNext()) {
                        GeneratedMessage m = gen.next();
                        long now = System.currentTimeMillis();
                        w.write(m);
                        sent.incrementAndGet();
                        if (now >= measureFromMillis && m.topic.equals(Table.ACTIVITY_RELATIONS.tableName())
                                && !m.isMalformed()) {
                            try {
                                ParsedChange c = parser.parse(m.value);
                                sentAt.putIfAbsent(key(c.fact.activityId, c.fact.updatedAt), now);
                            } catch (BadMessage e) {
                                // not a fact version the MV can show
                            }
                        }
                    }
                    Thread.sleep(5);
                }
                w.flush();
            } catch (Exception e) {
                failure.set(e);
            }
        }
    }

    static String key(String activityId, long updatedAt) {
        return activityId + "@" + updatedAt;
    }

    private Path measure(EmbeddedKafka kafka, JobClient job, Path mv) throws Exception {
        long startMillis = System.currentTimeMillis();
        long end = System.nanoTime() + o.duration().toNanos();
        Producer producer = new Producer(kafka, BenchInput.messages((long) o.rate() * o.duration().toSeconds() * 2,
                o.seed()), o.rate(), end, startMillis + o.warmup().toMillis());
        Thread t = new Thread(producer, "bench-producer");
        t.start();
        Set<Path> read = new HashSet<>();
        Map<String, Long> seenAt = new LinkedHashMap<>();
        long drainUntil = Long.MAX_VALUE;
        long lastNew = System.nanoTime();
        while (System.nanoTime() < drainUntil) {
            Thread.sleep(POLL.toMillis());
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                throw new IllegalStateException("the job ended during the benchmark");
            }
            long now = System.currentTimeMillis();
            for (Path file : BenchInput.publishedFiles(mv)) {
                if (read.add(file)) {
                    RowParquetReaders.forEach(new org.apache.flink.core.fs.Path(file.toUri()), ActivityRow.class,
                            Schemas.ACTIVITY, r -> seenAt.putIfAbsent(key(r.activityId, r.updatedAt), now));
                    lastNew = System.nanoTime();
                }
            }
            if (!t.isAlive() && drainUntil == Long.MAX_VALUE) {
                // after the last send: wait for what is still in flight (facts waiting for a dimension may take
                // longer than this; they count as not seen)
                drainUntil = System.nanoTime() + 3 * o.checkpointInterval().toNanos();
            }
        }
        t.join();
        if (producer.failure.get() != null) {
            throw producer.failure.get();
        }
        List<Double> intervals = new ArrayList<>();
        long interval = o.checkpointInterval().toMillis();
        for (Map.Entry<String, Long> e : producer.sentAt.entrySet()) {
            Long seen = seenAt.get(e.getKey());
            if (seen != null) {
                intervals.add((seen - e.getValue()) / (double) interval);
            }
        }
        return report(producer, intervals);
    }

    private Path report(Producer producer, List<Double> intervals) throws java.io.IOException {
        Instant now = Instant.now();
        BenchReport.Files3 files = BenchReport.paths(o.out(), "freshness", now);
        long measured = producer.sentAt.size();
        double p50 = BenchReport.percentile(intervals, 50);
        double p90 = BenchReport.percentile(intervals, 90);
        double p99 = BenchReport.percentile(intervals, 99);
        double max = BenchReport.max(intervals);
        boolean met = p99 <= GOAL_P99_INTERVALS;
        long ms = o.checkpointInterval().toMillis();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "freshness");
        doc.put("createdAt", now.toString());
        doc.put("rate", o.rate());
        doc.put("durationSeconds", o.duration().toSeconds());
        doc.put("warmupSeconds", o.warmup().toSeconds());
        doc.put("checkpointIntervalMs", ms);
        doc.put("parallelism", o.parallelism());
        doc.put("partitions", o.partitions());
        doc.put("messagesSent", producer.sent.get());
        doc.put("factVersionsMeasured", measured);
        doc.put("factVersionsSeen", intervals.size());
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("p50", p50);
        lat.put("p90", p90);
        lat.put("p99", p99);
        lat.put("max", max);
        doc.put("latencyIntervals", lat);
        doc.put("goal", Map.of("p99Intervals", GOAL_P99_INTERVALS, "met", met));

        StringBuilder sb = new StringBuilder();
        sb.append("# Freshness benchmark ").append(now).append("\n\n");
        sb.append(String.format(Locale.ROOT, "The streaming job (every operator and sink, parallelism %d, checkpoint"
                + " interval %s) reading an in-process broker (%d partitions per topic) while generated messages are"
                + " sent at %,d/s for %d s (%,d sent). Measured: fact versions first sent after a %d s warm-up,"
                + " from their send to the %d ms poll of the MV dataset that found them in a committed file.%n%n",
                o.parallelism(), o.checkpointInterval(), o.partitions(), o.rate(), o.duration().toSeconds(),
                producer.sent.get(), o.warmup().toSeconds(), POLL.toMillis()));
        sb.append(String.format(Locale.ROOT, "%,d of %,d measured fact versions were seen (the rest: redeliveries and"
                + " older versions the dedup drops, or facts still waiting for a dimension when the run ended).%n%n",
                intervals.size(), measured));
        sb.append("| latency | checkpoint intervals | seconds |\n|---|---:|---:|\n");
        for (Map.Entry<String, Object> e : lat.entrySet()) {
            double v = (Double) e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f |%n", e.getKey(), v, v * ms / 1000.0));
        }
        sb.append(String.format(Locale.ROOT, "%nGoal: p99 ≤ %.0f checkpoint intervals: %s.%n", GOAL_P99_INTERVALS,
                met ? "met" : "**not met**"));
        BenchReport.Panel panel = new BenchReport.Panel("Freshness: send -> readable in published MV Parquet",
                "checkpoint intervals").goal("goal p99 <= " + GOAL_P99_INTERVALS, GOAL_P99_INTERVALS);
        for (Map.Entry<String, Object> e : lat.entrySet()) {
            panel.bar("latency", e.getKey(), (Double) e.getValue());
        }
        BenchReport.write(files, sb.toString(), doc, List.of(panel), log);
        return files.md();
    }
}
