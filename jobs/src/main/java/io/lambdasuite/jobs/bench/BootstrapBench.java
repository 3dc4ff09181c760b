package io.lambdasuite.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lambdasuite.jobs.bootstrap.BootstrapActivitiesJob;
import io.lambdasuite.jobs.generate.CdcGenerator;
import io.lambdasuite.jobs.generate.GeneratorConfig;
import io.lambdasuite.jobs.generate.NdjsonWriter;
import io.lambdasuite.jobs.stream.StreamOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * {@code lambda bench bootstrap}: {@code lambda bootstrap activities} over {@code --rows} generated raw CDC messages
 * (an NDJSON export, as {@code lambda generate} writes it) against a plain single-threaded JSON → Parquet loop over the
 * same files in the same run ({@link PlainJsonToParquet}), alternating which goes first, after warm-ups. Reports rows
 * per second per core: the bootstrap's rows/s divided by its parallelism, the loop's by one. Goal: bootstrap ≥ 0.5× the
 * loop per core. Each bootstrap run starts from an empty base path and includes everything a user's run does (the
 * pipeline, the handed-over stream state, the initial merge and its publication); its phases are reported too.
 */
public final class BootstrapBench {
    static final String BOOTSTRAP = "bootstrap";
    static final String PLAIN = "json-parquet";
    static final List<String> CONTENDERS = List.of(BOOTSTRAP, PLAIN);
    static final double GOAL = 0.5;
    private static final String DATA_VERSION = "bootstrap-bench-data v1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:10:00Z"), ZoneOffset.UTC);

    public record Options(long rows, int runs, int warmups, Path dir, int parallelism, long seed, Path out) {}

    private final Options o;
    private final PrintStream log;

    public BootstrapBench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    /** Prepares the data (reused when it matches), measures, writes the reports; returns the Markdown report. */
    public Path run() throws Exception {
        Path data = o.dir().resolve("bootstrap-" + o.rows() + "-" + o.seed());
        Path in = data.resolve("in");
        long t = System.nanoTime();
        long bytes = prepare(data, in);
        double prepareSeconds = (System.nanoTime() - t) / 1e9;
        List<Path> files = ndjsonFiles(in);
        log.printf(Locale.ROOT, "[bench] %,d messages (%,d MB of NDJSON in %d files) ready in %.1f s%n", o.rows(),
                bytes >> 20, files.size(), prepareSeconds);

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        CONTENDERS.forEach(c -> seconds.put(c, new ArrayList<>()));
        List<Map<String, Double>> phases = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<List<String>> orders = new ArrayList<>();
        BootstrapActivitiesJob.Result lastBoot = null;
        PlainJsonToParquet.Counts lastPlain = null;
        for (int run = 0; run < o.warmups() + o.runs(); run++) {
            boolean warmup = run < o.warmups();
            List<String> order = new ArrayList<>(CONTENDERS);
            Collections.rotate(order, -(run % CONTENDERS.size()));
            Map<String, Double> took = new LinkedHashMap<>();
            Map<String, Double> phase = new LinkedHashMap<>();
            for (String c : order) {
                Path work = data.resolve("work-" + c);
                MergeBench.deleteTree(work);
                long start = System.nanoTime();
                if (c.equals(BOOTSTRAP)) {
                    lastBoot = bootstrap(in, work, phase, start);
                } else {
                    lastPlain = PlainJsonToParquet.run(files, work);
                }
                took.put(c, (System.nanoTime() - start) / 1e9);
            }
            check(lastBoot, lastPlain);
            log.printf(Locale.ROOT, "[bench] %s %d: %s%n", warmup ? "warm-up" : "run",
                    warmup ? run + 1 : run - o.warmups() + 1, order.stream()
                            .map(c -> String.format(Locale.ROOT, "%s %.1f s", c, took.get(c)))
                            .collect(Collectors.joining(", ")));
            if (!warmup) {
                CONTENDERS.forEach(c -> seconds.get(c).add(took.get(c)));
                phases.add(phase);
                ratios.add(perCore(took.get(BOOTSTRAP), o.parallelism()) / perCore(took.get(PLAIN), 1));
                orders.add(order);
            }
        }
        return report(files.size(), bytes, prepareSeconds, seconds, phases, ratios, orders, lastBoot, lastPlain);
    }

    private double perCore(double seconds, int cores) {
        return o.rows() / seconds / cores;
    }

    /** The candidate: the whole bootstrap, with its phases timed from its progress lines. */
    private BootstrapActivitiesJob.Result bootstrap(Path in, Path base, Map<String, Double> phase, long start)
            throws Exception {
        Configuration c = new Configuration();
        c.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        c.set(StreamOptions.INPUT_DIR, in.toString());
        c.set(StreamOptions.BASE_PATH, base.toString());
        c.set(StreamOptions.PARALLELISM, o.parallelism());
        Map<String, Double> at = new LinkedHashMap<>();
        BootstrapActivitiesJob.Result r = BootstrapActivitiesJob.run(c, CLOCK, line -> {
            double now = (System.nanoTime() - start) / 1e9;
            if (line.contains("pipeline done")) {
                at.put("pipeline", now);
            } else if (line.contains("stream state written")) {
                at.put("state", now);
            } else if (line.contains("stream continues")) {
                at.put("merge", now);
            }
        });
        double pipeline = at.getOrDefault("pipeline", Double.NaN);
        double state = at.getOrDefault("state", pipeline);
        phase.put("pipeline", pipeline);
        phase.put("streamState", state - pipeline);
        phase.put("mergeAndPublish", at.getOrDefault("merge", Double.NaN) - state);
        return r;
    }

    /** Both contenders did real work on the same input. */
    private void check(BootstrapActivitiesJob.Result boot, PlainJsonToParquet.Counts plain) {
        if (boot == null || plain == null || boot.rows + boot.heldRows <= 0 || plain.lines() != o.rows()
                || plain.activities() <= 0) {
            throw new IllegalStateException("a contender did no work: bootstrap " + (boot == null ? "none"
                    : boot.rows + " rows") + ", plain loop " + plain);
        }
    }

    /** Writes the first {@code rows} messages of a generated history, unless the same data is already there. */
    private long prepare(Path data, Path in) throws IOException {
        Path marker = data.resolve("_READY");
        String stamp = DATA_VERSION + " rows=" + o.rows() + " seed=" + o.seed();
        if (!(Files.exists(marker) && Files.readString(marker).equals(stamp))) {
            MergeBench.deleteTree(data);
            log.println("[bench] generating " + o.rows() + " messages into " + in);
            // A month of history; more activities than rows, so the cut falls inside it.
            CdcGenerator g = new CdcGenerator(GeneratorConfig.builder().seed(o.seed()).activities(o.rows())
                    .hours(24 * 30).build());
            try (NdjsonWriter w = new NdjsonWriter(in, NdjsonWriter.DEFAULT_PREFIX, NdjsonWriter.DEFAULT_LINES_PER_FILE)) {
                for (long i = 0; i < o.rows() && g.hasNext(); i++) {
                    w.write(g.next());
                }
            }
            Files.writeString(marker, stamp);
        } else {
            log.println("[bench] reusing the messages in " + in);
        }
        long bytes = 0;
        for (Path f : ndjsonFiles(in)) {
            bytes += Files.size(f);
        }
        return bytes;
    }

    private static List<Path> ndjsonFiles(Path in) throws IOException {
        try (Stream<Path> s = Files.walk(in)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
    }

    private Path report(int files, long bytes, double prepareSeconds, Map<String, List<Double>> seconds,
            List<Map<String, Double>> phases, List<Double> ratios, List<List<String>> orders,
            BootstrapActivitiesJob.Result boot, PlainJsonToParquet.Counts plain) throws IOException {
        Instant now = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        Files.createDirectories(o.out());
        Path md = o.out().resolve("bootstrap-" + stamp + ".md");
        Path json = o.out().resolve("bootstrap-" + stamp + ".json");
        int cores = Runtime.getRuntime().availableProcessors();
        List<Double> bootPerCore = seconds.get(BOOTSTRAP).stream().map(s -> perCore(s, o.parallelism())).toList();
        List<Double> plainPerCore = seconds.get(PLAIN).stream().map(s -> perCore(s, 1)).toList();
        Map<String, List<Double>> byPhase = new LinkedHashMap<>();
        for (Map<String, Double> p : phases) {
            p.forEach((k, v) -> byPhase.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "bootstrap");
        doc.put("createdAt", now.toString());
        doc.put("rows", o.rows());
        doc.put("ndjsonBytes", bytes);
        doc.put("files", files);
        doc.put("seed", o.seed());
        doc.put("runs", o.runs());
        doc.put("warmups", o.warmups());
        doc.put("parallelism", o.parallelism());
        doc.put("cores", cores);
        doc.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        doc.put("dataPrepareSeconds", prepareSeconds);
        doc.put("bootstrapPublishedRows", boot.rows);
        doc.put("bootstrapHeldRows", boot.heldRows);
        doc.put("plainLoop", Map.of("lines", plain.lines(), "activityRows", plain.activities(), "dimensionRows",
                plain.dimensions(), "skippedLines", plain.skipped()));
        Map<String, Object> secs = new LinkedHashMap<>();
        seconds.forEach((c, xs) -> secs.put(c, BenchReport.stats(xs)));
        doc.put("seconds", secs);
        Map<String, Object> ph = new LinkedHashMap<>();
        byPhase.forEach((k, xs) -> ph.put(k, BenchReport.stats(xs)));
        doc.put("bootstrapPhaseSeconds", ph);
        doc.put("rowsPerSecondPerCore", Map.of(BOOTSTRAP, BenchReport.stats(bootPerCore), PLAIN,
                BenchReport.stats(plainPerCore)));
        Map<String, Object> ratio = BenchReport.stats(ratios);
        ratio.put("goal", GOAL);
        ratio.put("met", BenchReport.median(ratios) >= GOAL);
        doc.put("bootstrapOverPlainPerCore", ratio);
        doc.put("orders", orders);

        StringBuilder sb = new StringBuilder();
        sb.append("# Bootstrap benchmark ").append(now).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%,d raw CDC messages (%,d MB of NDJSON, %d files: the first %,d messages of"
                + " a generated month, seed %d). %d measured run(s) after %d warm-up(s), contenders alternated. %d cores,"
                + " max heap %,d MB.%n%n", o.rows(), bytes >> 20, files, o.rows(), o.seed(), o.runs(), o.warmups(), cores,
                Runtime.getRuntime().maxMemory() >> 20));
        sb.append(String.format(Locale.ROOT, "- %s: `lambda bootstrap activities --source files` on a local MiniCluster,"
                + " parallelism %d, from an empty base path: pipeline (batch), stream state (RocksDB savepoint), initial"
                + " merge and publication; published %,d rows, %,d held%n", BOOTSTRAP, o.parallelism(), boot.rows,
                boot.heldRows));
        sb.append(String.format(Locale.ROOT, "- %s: one thread, Jackson `readTree` → row POJO → Parquet Snappy"
                + " (`RowParquetWriters`), one file per table; %,d activity rows, %,d dimension rows, %,d lines skipped%n%n",
                PLAIN, plain.activities(), plain.dimensions(), plain.skipped()));
        sb.append("| contender | min s | median s | max s | rows/s per core (median) |\n|---|---:|---:|---:|---:|\n");
        sb.append(row(BOOTSTRAP, seconds.get(BOOTSTRAP), bootPerCore));
        sb.append(row(PLAIN, seconds.get(PLAIN), plainPerCore));
        sb.append("\n| bootstrap phase | median s |\n|---|---:|\n");
        byPhase.forEach((k, xs) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f |%n", k, BenchReport.median(xs))));
        sb.append(String.format(Locale.ROOT, "%n| ratio (bootstrap / plain, rows/s per core; median of per-run ratios) |"
                + " median | range | goal | met |%n|---|---:|---|---:|---|%n| bootstrap/plain | %.3f | %.3f – %.3f |"
                + " ≥ %.1f | %s |%n", BenchReport.median(ratios), BenchReport.min(ratios), BenchReport.max(ratios), GOAL,
                BenchReport.median(ratios) >= GOAL ? "yes" : "**no**"));
        String text = sb.toString();
        Files.writeString(md, text, StandardCharsets.UTF_8);
        Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc),
                StandardCharsets.UTF_8);
        log.println();
        log.print(text);
        log.println("[bench] wrote " + md + " and " + json);
        return md;
    }

    private static String row(String name, List<Double> secs, List<Double> perCore) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %,.0f |%n", name, BenchReport.min(secs),
                BenchReport.median(secs), BenchReport.max(secs), BenchReport.median(perCore));
    }
}
