package io.lambdasuite.jobs.bench;

import static io.lambdasuite.jobs.bench.BenchReport.max;
import static io.lambdasuite.jobs.bench.BenchReport.median;
import static io.lambdasuite.jobs.bench.BenchReport.min;
import static io.lambdasuite.jobs.bench.BenchReport.stats;

import io.lambdasuite.jobs.generate.GenerationSummary;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.parquet.ParquetDatasets;
import io.lambdasuite.jobs.source.Sources;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.model.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * {@code lambda bench streaming}: the streaming job as {@code lambda stream} builds it (every operator and sink),
 * at each parallelism, against a plain single-thread loop ({@link SingleThreadLoop}) over the same messages
 * preloaded into an in-process broker, alternating. Each contender reads everything from the start: the job with
 * {@code --stop-when-caught-up} (MiniCluster start, checkpoints and the final savepoint included), the loop with a
 * plain consumer. Figures: wall messages/s and messages per CPU-second of the whole process, and their ratios to
 * the loop's in the same round. Goals at parallelism 2: wall ≥ 1.0x the loop, per CPU-second ≥ 0.5x.
 */
public final class StreamingBench {
    public static final String LOOP = "loop";
    static final double GOAL_WALL = 1.0;
    static final double GOAL_CPU = 0.5;
    static final int GOAL_PARALLELISM = 2;

    public record Options(long messages, int runs, int warmups, List<Integer> parallelisms, int partitions, long seed,
            Path dir, Path out) {}

    /** The measured runs of one contender. */
    static final class Contender {
        final String name;
        final List<Double> seconds = new ArrayList<>();
        final List<Double> cpuSeconds = new ArrayList<>();
        final List<Double> wallRatio = new ArrayList<>();
        final List<Double> cpuRatio = new ArrayList<>();

        Contender(String name) {
            this.name = name;
        }

        List<Double> rate(long messages, List<Double> secs) {
            return secs.stream().map(s -> messages / s).toList();
        }
    }

    private final Options o;
    private final PrintStream log;

    public StreamingBench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    static String stream(int parallelism) {
        return "stream-p" + parallelism;
    }

    /** Runs the benchmark and writes the reports; returns the Markdown report's path. */
    public Path run() throws Exception {
        Path dir = o.dir().toAbsolutePath().resolve("streaming");
        MergeBench.deleteTree(dir);
        try (EmbeddedKafka kafka = BenchInput.broker(dir.resolve("kafka"), o.partitions())) {
            long t = System.nanoTime();
            GenerationSummary produced = BenchInput.preload(kafka, o.messages(), o.seed());
            log.printf(Locale.ROOT, "[bench] preloaded %,d messages (%,d bytes, %,d malformed) into %d-partition topics"
                    + " in %.1f s%n", produced.messages(), produced.bytes(), produced.malformed(), o.partitions(),
                    (System.nanoTime() - t) / 1e9);
            return measure(kafka, dir, produced);
        }
    }

    private Path measure(EmbeddedKafka kafka, Path dir, GenerationSummary produced) throws Exception {
        List<String> order = new ArrayList<>();
        order.add(LOOP);
        for (int p : o.parallelisms()) {
            order.add(stream(p));
        }
        Map<String, Contender> contenders = new LinkedHashMap<>();
        for (String c : order) {
            contenders.put(c, new Contender(c));
        }
        List<String> topics = Sources.topics(BenchInput.streamOptions(kafka, dir, 1));
        long messages = produced.messages();
        SingleThreadLoop.Result loopOut = null;
        Map<String, long[]> streamOut = new LinkedHashMap<>();
        List<List<String>> orders = new ArrayList<>();
        for (int run = 0; run < o.warmups() + o.runs(); run++) {
            boolean warmup = run < o.warmups();
            List<String> round = new ArrayList<>(order);
            Collections.rotate(round, -(run % round.size())); // alternate who goes first
            Map<String, double[]> t = new LinkedHashMap<>();
            for (String c : round) {
                Path out = dir.resolve("out-" + c);
                MergeBench.deleteTree(out);
                System.gc(); // not timed: start each contender without the previous one's garbage
                long cpu0 = BenchReport.processCpuNanos();
                long t0 = System.nanoTime();
                if (c.equals(LOOP)) {
                    loopOut = SingleThreadLoop.run(kafka.bootstrapServers(), topics, out);
                } else {
                    int p = Integer.parseInt(c.substring("stream-p".length()));
                    Configuration job = BenchInput.streamOptions(kafka, out, p);
                    job.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
                    StreamJob.run(job, msg -> {});
                }
                t.put(c, new double[] {(System.nanoTime() - t0) / 1e9, (BenchReport.processCpuNanos() - cpu0) / 1e9});
                if (!c.equals(LOOP)) {
                    streamOut.put(c, published(out));
                }
            }
            check(messages, loopOut, streamOut);
            log.printf(Locale.ROOT, "[bench] streaming %s %d: %s%n", warmup ? "warm-up" : "run",
                    warmup ? run + 1 : run - o.warmups() + 1, round.stream()
                            .map(c -> String.format(Locale.ROOT, "%s %.1f s (cpu %.1f s, %,.0f msg/s)", c, t.get(c)[0],
                                    t.get(c)[1], messages / t.get(c)[0]))
                            .collect(Collectors.joining(", ")));
            if (warmup) {
                continue;
            }
            orders.add(round);
            double[] loop = t.get(LOOP);
            for (String c : order) {
                Contender k = contenders.get(c);
                double[] x = t.get(c);
                k.seconds.add(x[0]);
                k.cpuSeconds.add(x[1]);
                k.wallRatio.add(loop[0] / x[0]); // rows/s ratio = inverse time ratio
                k.cpuRatio.add(loop[1] / x[1]);
            }
        }
        return report(contenders, produced, loopOut, streamOut, orders);
    }

    /** The job's published MV rows and dead letters. */
    private static long[] published(Path base) throws java.io.IOException {
        return new long[] {
            BenchInput.publishedRows(base.resolve(Table.ACTIVITY_RELATIONS.mvDataset())),
            BenchInput.publishedRows(base.resolve(ParquetDatasets.DEAD_LETTERS)),
            BenchInput.publishedRows(base.resolve(ParquetDatasets.PULL_REQUEST_MV))
        };
    }

    /**
     * The contenders did the same work: the loop read every message, the job dead-lettered the same messages and
     * published some of the facts (fewer than the loop wrote: redeliveries and older versions are dropped).
     */
    private static void check(long messages, SingleThreadLoop.Result loop, Map<String, long[]> stream) {
        if (loop.messages() != messages || loop.facts() + loop.dimensions() + loop.deadLetters() != messages) {
            throw new IllegalStateException("the loop read " + loop + " of " + messages + " messages");
        }
        stream.forEach((c, out) -> {
            if (out[1] != loop.deadLetters() || out[0] <= 0 || out[0] > loop.facts()) {
                throw new IllegalStateException(String.format("%s published %,d MV rows and %,d dead letters; the loop"
                        + " parsed %,d facts and %,d dead letters", c, out[0], out[1], loop.facts(), loop.deadLetters()));
            }
        });
    }

    private Path report(Map<String, Contender> contenders, GenerationSummary produced, SingleThreadLoop.Result loop,
            Map<String, long[]> streamOut, List<List<String>> orders) throws java.io.IOException {
        long n = produced.messages();
        Instant now = Instant.now();
        BenchReport.Files3 files = BenchReport.paths(o.out(), "streaming", now);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "streaming");
        doc.put("createdAt", now.toString());
        doc.put("messages", n);
        doc.put("messageBytes", produced.bytes());
        doc.put("messagesByKind", produced.messagesByKind());
        doc.put("partitions", o.partitions());
        doc.put("runs", o.runs());
        doc.put("warmups", o.warmups());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        doc.put("loop", Map.of("facts", loop.facts(), "dimensions", loop.dimensions(), "deadLetters", loop.deadLetters()));
        Map<String, Object> jobs = new LinkedHashMap<>();
        streamOut.forEach((c, x) -> jobs.put(c, Map.of("mvRows", x[0], "deadLetters", x[1], "pullRequestRows", x[2])));
        doc.put("published", jobs);
        doc.put("goals", Map.of("parallelism", GOAL_PARALLELISM, "wallVsLoop", GOAL_WALL, "perCpuSecondVsLoop", GOAL_CPU));
        doc.put("orders", orders);

        StringBuilder sb = new StringBuilder();
        sb.append("# Streaming benchmark ").append(now).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%,d generated CDC messages (%,d MB; %,d facts, %,d dimension rows, %,d"
                + " malformed) preloaded into an in-process broker, topics of %d partitions. %d measured round(s) after"
                + " %d warm-up(s), contenders alternated (rotating order); %d cores, max heap %,d MB.%n%n", n,
                produced.bytes() >> 20, loop.facts(), loop.dimensions(), loop.deadLetters(), o.partitions(), o.runs(),
                o.warmups(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
        sb.append("- loop: one thread, a plain KafkaConsumer over every partition -> EnvelopeParser (Jackson) -> row"
                + " POJOs -> Parquet Snappy (RowParquetWriters), one file per table and dead letters; no dedup, no joins\n");
        sb.append("- stream-pN: `lambda stream --stop-when-caught-up --parallelism N` (`StreamJob.run`: dedup, dimension"
                + " joins, PR lifecycle, MV, dimension, PR and dead-letter sinks, default checkpoint interval) on a local"
                + " MiniCluster; wall time includes cluster start, checkpoints and the final savepoint\n");
        sb.append("- rows = input messages; CPU = process CPU time (every thread of this JVM, the broker included)"
                + " measured around each contender\n\n");
        streamOut.forEach((c, x) -> sb.append(String.format(Locale.ROOT, "%s published %,d MV rows (of %,d facts read:"
                + " redeliveries and older versions are dropped), %,d PR rows and %,d dead letters (loop: %,d).%n", c,
                x[0], loop.facts(), x[2], x[1], loop.deadLetters())));
        sb.append("\n| contender | wall s (median) | rows/s median | rows/s range | CPU s (median) | rows/CPU-s median |"
                + " rows/CPU-s range |\n|---|---:|---:|---|---:|---:|---|\n");
        BenchReport.Panel rates = new BenchReport.Panel("Streaming: throughput (median)", "rows/s");
        BenchReport.Panel ratioPanel = new BenchReport.Panel("Streaming: ratio to the single-thread loop (median)",
                "x loop").goal("goal wall >= " + GOAL_WALL + "x", GOAL_WALL).goal("goal per CPU-s >= " + GOAL_CPU + "x", GOAL_CPU);
        Map<String, Object> cs = new LinkedHashMap<>();
        for (Contender k : contenders.values()) {
            List<Double> wall = k.rate(n, k.seconds);
            List<Double> perCpu = k.rate(n, k.cpuSeconds);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %,.0f – %,.0f | %.1f | %,.0f | %,.0f – %,.0f |%n",
                    k.name, median(k.seconds), median(wall), min(wall), max(wall), median(k.cpuSeconds), median(perCpu),
                    min(perCpu), max(perCpu)));
            rates.bar("wall rows/s", k.name, median(wall));
            rates.bar("rows per CPU-second", k.name, median(perCpu));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", stats(k.seconds));
            m.put("cpuSeconds", stats(k.cpuSeconds));
            m.put("rowsPerSecond", stats(wall));
            m.put("rowsPerCpuSecond", stats(perCpu));
            if (!k.name.equals(LOOP)) {
                Map<String, Object> w = stats(k.wallRatio);
                Map<String, Object> c = stats(k.cpuRatio);
                if (k.name.equals(stream(GOAL_PARALLELISM))) {
                    w.put("goal", GOAL_WALL);
                    w.put("met", median(k.wallRatio) >= GOAL_WALL);
                    c.put("goal", GOAL_CPU);
                    c.put("met", median(k.cpuRatio) >= GOAL_CPU);
                }
                m.put("wallVsLoop", w);
                m.put("perCpuSecondVsLoop", c);
                ratioPanel.bar("wall rows/s vs loop", k.name, median(k.wallRatio));
                ratioPanel.bar("rows/CPU-s vs loop", k.name, median(k.cpuRatio));
            }
            cs.put(k.name, m);
        }
        doc.put("contenders", cs);
        sb.append("\n| ratio to the loop (median of per-round ratios) | median | range | goal | met |\n"
                + "|---|---:|---|---:|---|\n");
        for (Contender k : contenders.values()) {
            if (k.name.equals(LOOP)) {
                continue;
            }
            boolean goal = k.name.equals(stream(GOAL_PARALLELISM));
            sb.append(BenchReport.ratioRow(k.name + " wall rows/s", k.wallRatio,
                    goal ? "≥ " + GOAL_WALL : null, goal ? median(k.wallRatio) >= GOAL_WALL : null));
            sb.append(BenchReport.ratioRow(k.name + " rows/CPU-s", k.cpuRatio,
                    goal ? "≥ " + GOAL_CPU : null, goal ? median(k.cpuRatio) >= GOAL_CPU : null));
        }
        if (!contenders.containsKey(stream(GOAL_PARALLELISM))) {
            sb.append("\nThe goals are for parallelism ").append(GOAL_PARALLELISM).append(", not measured here.\n");
        }
        BenchReport.write(files, sb.toString(), doc, List.of(rates, ratioPanel), log);
        return files.md();
    }
}
