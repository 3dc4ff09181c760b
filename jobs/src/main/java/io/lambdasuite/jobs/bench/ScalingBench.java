package io.lambdasuite.jobs.bench;

import static io.lambdasuite.jobs.bench.BenchReport.median;
import static io.lambdasuite.jobs.bench.BenchReport.stats;

import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * {@code lambda bench scaling}: how each job's time grows with its input. The streaming job (every operator and
 * sink, {@code --stop-when-caught-up}) over 1x, 2x and 4x {@code messages} (one broker, one topic set per size);
 * the merge over a snapshot of 1x, 2x, 4x {@code snapshotRows} with a fixed delta, and over deltas of 1x, 2x, 4x
 * {@code deltaRows} with a fixed snapshot ({@link MergeBenchData}, scenario recent, each run from a fresh copy).
 * Within a series the sizes alternate (rotating order) every round; each figure is the median time and its ratio
 * to the 1x time of the same round (linear growth: 2 and 4).
 */
public final class ScalingBench {
    static final int[] SCALES = {1, 2, 4};

    public record Options(long messages, long snapshotRows, long deltaRows, int runs, int warmups, int parallelism,
            int partitions, long seed, Path dir, Path out) {}

    /** One series: a job over growing inputs. */
    static final class Series {
        final String name;
        final String input;
        final long[] sizes = new long[SCALES.length];
        final List<List<Double>> seconds = new ArrayList<>();
        final List<List<Double>> ratios = new ArrayList<>();

        Series(String name, String input) {
            this.name = name;
            this.input = input;
            for (int i = 0; i < SCALES.length; i++) {
                seconds.add(new ArrayList<>());
                ratios.add(new ArrayList<>());
            }
        }
    }

    /** Runs the job at size index {@code i}. */
    private interface Step {
        void run(int i) throws Exception;
    }

    private final Options o;
    private final PrintStream log;

    public ScalingBench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    public Path run() throws Exception {
        Path dir = o.dir().toAbsolutePath().resolve("scaling");
        MergeBench.deleteTree(dir);
        List<Series> all = new ArrayList<>();
        all.add(streaming(dir));
        all.add(merge(dir, "merge vs snapshot size", "snapshot rows (delta " + o.deltaRows() + " rows)", true));
        all.add(merge(dir, "merge vs delta size", "delta rows (snapshot " + o.snapshotRows() + " rows)", false));
        return report(all);
    }

    private Series streaming(Path dir) throws Exception {
        Series s = new Series("stream (parallelism " + o.parallelism() + ")", "messages");
        List<String> prefixes = new ArrayList<>();
        for (int scale : SCALES) {
            prefixes.add("x" + scale + ".");
        }
        try (EmbeddedKafka kafka = BenchInput.broker(dir.resolve("kafka"), o.partitions(), prefixes)) {
            for (int i = 0; i < SCALES.length; i++) {
                s.sizes[i] = BenchInput.preload(kafka, o.messages() * SCALES[i], o.seed(), prefixes.get(i)).messages();
            }
            measure(s, i -> {
                Path out = dir.resolve("stream-out-" + i);
                MergeBench.deleteTree(out);
                Configuration job = BenchInput.streamOptions(kafka, out, o.parallelism(), prefixes.get(i));
                job.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
                StreamJob.run(job, msg -> {});
            });
        }
        return s;
    }

    private Series merge(Path dir, String name, String input, boolean growSnapshot) throws Exception {
        Series s = new Series(name, input);
        List<Path> bases = new ArrayList<>();
        for (int i = 0; i < SCALES.length; i++) {
            long rows = growSnapshot ? o.snapshotRows() * SCALES[i] : o.snapshotRows();
            long delta = growSnapshot ? o.deltaRows() : o.deltaRows() * SCALES[i];
            Path base = dir.resolve("merge-" + rows + "-" + delta).resolve("base");
            if (!java.nio.file.Files.exists(base)) {
                new MergeBenchData(rows, delta / (double) rows, MergeBenchData.Scenario.RECENT).build(base, null);
            }
            bases.add(base);
            s.sizes[i] = growSnapshot ? rows : delta;
        }
        measure(s, i -> {
            Path work = bases.get(i).getParent().resolve("work");
            MergeBench.deleteTree(work);
            MergeBench.copyTree(bases.get(i), work); // not timed: every run starts from the same fresh data
            MergeJob.Result r = timed(() -> MergeBench.mergeS1(work, o.parallelism()));
            if (r.heldRows != 0) {
                throw new IllegalStateException("the merge held " + r.heldRows + " rows of valid bench data");
            }
        });
        return s;
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Set by {@link #timed}: a step that times only part of its work. */
    private double partSeconds = Double.NaN;

    private <T> T timed(Call<T> c) throws Exception {
        long t = System.nanoTime();
        T v = c.call();
        partSeconds = (System.nanoTime() - t) / 1e9;
        return v;
    }

    private void measure(Series s, Step step) throws Exception {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < SCALES.length; i++) {
            order.add(i);
        }
        for (int run = 0; run < o.warmups() + o.runs(); run++) {
            List<Integer> round = new ArrayList<>(order);
            Collections.rotate(round, -(run % round.size()));
            double[] t = new double[SCALES.length];
            for (int i : round) {
                System.gc();
                partSeconds = Double.NaN;
                long t0 = System.nanoTime();
                step.run(i);
                t[i] = Double.isNaN(partSeconds) ? (System.nanoTime() - t0) / 1e9 : partSeconds;
            }
            boolean warmup = run < o.warmups();
            log.printf(Locale.ROOT, "[bench] scaling %s %s %d: 1x %.1f s, 2x %.1f s, 4x %.1f s%n", s.name,
                    warmup ? "warm-up" : "run", warmup ? run + 1 : run - o.warmups() + 1, t[0], t[1], t[2]);
            if (!warmup) {
                for (int i = 0; i < SCALES.length; i++) {
                    s.seconds.get(i).add(t[i]);
                    s.ratios.get(i).add(t[i] / t[0]);
                }
            }
        }
    }

    private Path report(List<Series> all) throws java.io.IOException {
        Instant now = Instant.now();
        BenchReport.Files3 files = BenchReport.paths(o.out(), "scaling", now);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "scaling");
        doc.put("createdAt", now.toString());
        doc.put("runs", o.runs());
        doc.put("warmups", o.warmups());
        doc.put("parallelism", o.parallelism());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        StringBuilder sb = new StringBuilder();
        sb.append("# Scaling benchmark ").append(now).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Each job at 1x, 2x and 4x its input, sizes alternated (rotating order) in"
                + " each of %d measured round(s) after %d warm-up(s); parallelism %d, %d cores. Streaming: wall time of"
                + " `lambda stream --stop-when-caught-up` (cluster start and final savepoint included). Merge: wall"
                + " time of `MergeJob.run` for one hour (scenario recent of `lambda bench merge`), from a fresh copy."
                + " Ratio: time / the 1x time of the same round (linear: 2 and 4).%n%n", o.runs(), o.warmups(),
                o.parallelism(), Runtime.getRuntime().availableProcessors()));
        sb.append("| job | input | 1x | 2x | 4x | s 1x | s 2x | s 4x | 2x/1x | 4x/1x |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        BenchReport.Panel panel = new BenchReport.Panel("Scaling: time relative to 1x input (median)", "x the 1x time")
                .goal("linear 2x", 2).goal("linear 4x", 4);
        List<Map<String, Object>> series = new ArrayList<>();
        for (Series s : all) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %.1f | %.1f | %.1f | %.2f | %.2f |%n",
                    s.name, s.input, s.sizes[0], s.sizes[1], s.sizes[2], median(s.seconds.get(0)),
                    median(s.seconds.get(1)), median(s.seconds.get(2)), median(s.ratios.get(1)),
                    median(s.ratios.get(2))));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", s.name);
            m.put("input", s.input);
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 0; i < SCALES.length; i++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("scale", SCALES[i]);
                p.put("size", s.sizes[i]);
                p.put("seconds", stats(s.seconds.get(i)));
                p.put("ratioTo1x", stats(s.ratios.get(i)));
                points.add(p);
                panel.bar(s.name, SCALES[i] + "x", median(s.ratios.get(i)));
            }
            m.put("points", points);
            series.add(m);
        }
        doc.put("series", series);
        BenchReport.write(files, sb.toString(), doc, List.of(panel), log);
        return files.md();
    }
}
