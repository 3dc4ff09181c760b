package io.lambdasuite.jobs.bench;

import static io.lambdasuite.jobs.bench.BenchReport.max;
import static io.lambdasuite.jobs.bench.BenchReport.median;
import static io.lambdasuite.jobs.bench.BenchReport.min;
import static io.lambdasuite.jobs.bench.BenchReport.stats;

import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.parquet.ParquetFiles;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * {@code lambda bench merge}: our snapshot merge against two baselines measured in the same run, alternating:
 * a DuckDB merge of the same files ({@code COPY (delta UNION ALL old ANTI JOIN delta)}) and a copy of the
 * snapshot's files (what {@code cp -r} does). Every contender starts from a fresh copy of the prepared data
 * (copy not timed). Goals (scenario recent): merge ≤ 0.3× DuckDB and ≤ 5× cp.
 */
public final class MergeBench {
    public static final String MERGE = "merge";
    public static final String DUCKDB = "duckdb";
    public static final String CP = "cp";
    static final List<String> CONTENDERS = List.of(MERGE, DUCKDB, CP);
    static final double GOAL_VS_DUCKDB = 0.3;
    static final double GOAL_VS_CP = 5.0;
    private static final String KEY = "segmentId, \"timestamp\", \"type\", platform, channel, sourceId";
    private static final String DATA_VERSION = "merge-bench-data v2";

    public record Options(long rows, double deltaShare, int runs, int warmups, Path dir, int parallelism,
            List<MergeBenchData.Scenario> scenarios, Path out) {}

    /** The measured runs of one scenario. */
    public static final class ScenarioResult {
        final MergeBenchData.Scenario scenario;
        final MergeBenchData.Built data;
        final Map<String, List<Double>> seconds = new LinkedHashMap<>();
        final List<Double> vsDuckdb = new ArrayList<>();
        final List<Double> vsCp = new ArrayList<>();
        final List<List<String>> orders = new ArrayList<>();
        long mergedRows = -1;
        /** What our merge did with the old snapshot's files (the last run). */
        String mergeFiles = "";
        long duckdbRows = -1;
        double buildSeconds;
        Path mergeWorkDir;

        ScenarioResult(MergeBenchData.Scenario scenario, MergeBenchData.Built data) {
            this.scenario = scenario;
            this.data = data;
            for (String c : CONTENDERS) {
                seconds.put(c, new ArrayList<>());
            }
        }
    }

    private final Options o;
    private final PrintStream log;

    public MergeBench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    /** Runs every scenario and writes the reports; returns the Markdown report's path. */
    public Path run() throws Exception {
        Files.createDirectories(o.dir());
        List<ScenarioResult> results = new ArrayList<>();
        Path previousBase = null;
        for (MergeBenchData.Scenario sc : o.scenarios()) {
            Path base = o.dir().resolve(name(sc) + "-" + o.rows() + "-" + o.deltaShare()).resolve("base");
            long t = System.nanoTime();
            MergeBenchData.Built built = prepare(sc, base, previousBase);
            ScenarioResult r = new ScenarioResult(sc, built);
            r.buildSeconds = (System.nanoTime() - t) / 1e9;
            previousBase = base;
            log.printf(Locale.ROOT, "[bench] %s: data ready in %.1f s (%,d rows, delta %,d = %,d new + %,d updates)%n",
                    name(sc), r.buildSeconds, built.rows(), built.deltaRows(), built.newKeys(), built.updates());
            measure(r, base);
            results.add(r);
        }
        return report(results);
    }

    static String name(MergeBenchData.Scenario s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private MergeBenchData.Built prepare(MergeBenchData.Scenario sc, Path base, Path sameSnapshot) throws Exception {
        MergeBenchData d = new MergeBenchData(o.rows(), o.deltaShare(), sc);
        Path marker = base.resolve("_READY");
        String stamp = DATA_VERSION + " rows=" + o.rows() + " share=" + o.deltaShare() + " scenario=" + name(sc);
        if (Files.exists(marker) && Files.readString(marker).equals(stamp)) {
            log.println("[bench] " + name(sc) + ": reusing prepared data in " + base);
            List<String> snapshot = MergeBenchData.snapshotFiles(base);
            List<String> delta = new ArrayList<>();
            Path deltaDir = base.resolve(io.lambdasuite.udfs.model.Table.ACTIVITY_RELATIONS.mvDataset())
                    .resolve(SnapshotIds.partitionDir(MergeBenchData.S1));
            for (int f = 0; f < MergeBenchData.DELTA_FILES; f++) {
                delta.add(deltaDir.resolve("part-" + f + ".parquet").toString());
            }
            return new MergeBenchData.Built(d.rows, d.deltaRows, d.newKeys, d.updates, snapshot, delta);
        }
        deleteTree(base);
        log.println("[bench] " + name(sc) + ": building data in " + base);
        boolean reuse = sameSnapshot != null && Files.exists(sameSnapshot.resolve("_READY"));
        MergeBenchData.Built built = d.build(base, reuse ? sameSnapshot : null);
        Files.writeString(marker, stamp);
        return built;
    }

    private void measure(ScenarioResult r, Path base) throws Exception {
        Path work = base.getParent();
        int total = o.warmups() + o.runs();
        for (int run = 0; run < total; run++) {
            boolean warmup = run < o.warmups();
            List<String> order = new ArrayList<>(CONTENDERS);
            java.util.Collections.rotate(order, -(run % CONTENDERS.size())); // alternate who goes first
            Map<String, Double> t = new LinkedHashMap<>();
            for (String c : order) {
                Path dir = work.resolve("work-" + c);
                deleteTree(dir);
                copyTree(base, dir); // not timed: every contender starts from the same fresh data
                long start = System.nanoTime();
                switch (c) {
                    case MERGE -> r.mergedRows = merge(dir, r);
                    case DUCKDB -> r.duckdbRows = duckdb(dir, r.data);
                    default -> copySnapshot(dir);
                }
                t.put(c, (System.nanoTime() - start) / 1e9);
                if (c.equals(MERGE)) {
                    r.mergeWorkDir = dir;
                }
            }
            check(r);
            log.printf(Locale.ROOT, "[bench] %s %s %d: %s%n", name(r.scenario), warmup ? "warm-up" : "run",
                    warmup ? run + 1 : run - o.warmups() + 1,
                    order.stream().map(c -> String.format(Locale.ROOT, "%s %.2f s", c, t.get(c)))
                            .collect(Collectors.joining(", ")));
            if (!warmup) {
                for (String c : CONTENDERS) {
                    r.seconds.get(c).add(t.get(c));
                }
                r.vsDuckdb.add(t.get(MERGE) / t.get(DUCKDB));
                r.vsCp.add(t.get(MERGE) / t.get(CP));
                r.orders.add(order);
            }
        }
    }

    /** The benchmark's data is what it claims: both merges produce N + new keys rows. */
    private static void check(ScenarioResult r) {
        long expected = r.data.expectedMergedRows();
        if (r.mergedRows != expected || r.duckdbRows != expected) {
            throw new IllegalStateException(String.format("%s: expected %,d merged rows, our merge published %,d and"
                    + " DuckDB wrote %,d", name(r.scenario), expected, r.mergedRows, r.duckdbRows));
        }
    }

    /** Candidate: {@link MergeJob#run} for S1 on a local MiniCluster; returns the published row count. */
    private long merge(Path base, ScenarioResult r) throws Exception {
        MergeJob.Result res = mergeS1(base, o.parallelism());
        r.mergeFiles = String.format(Locale.ROOT, "of the old snapshot's %d files our merge copied %d unread, patched %d"
                + " (organization columns only) and read %d", res.filesCopied + res.filesPatched + res.filesRead,
                res.filesCopied, res.filesPatched, res.filesRead);
        if (res.heldRows != 0) {
            throw new IllegalStateException("the merge held " + res.heldRows + " rows: the bench data should all be valid");
        }
        return res.rows;
    }

    /** {@link MergeJob#run} of snapshot S1 over prepared bench data in {@code base}, on a local MiniCluster. */
    static MergeJob.Result mergeS1(Path base, int parallelism) throws Exception {
        Configuration c = new Configuration();
        c.set(MergeOptions.BASE_PATH, base.toAbsolutePath().toString());
        c.set(MergeOptions.SNAPSHOT, SnapshotIds.partitionValue(MergeBenchData.S1));
        c.set(MergeOptions.PARALLELISM, parallelism);
        return MergeJob.run(c, Clock.systemUTC(), msg -> {});
    }

    /** Baseline A: DuckDB's merge of the same files, in the fresh copy; returns the written row count. */
    private long duckdb(Path base, MergeBenchData.Built data) throws Exception {
        Path out = base.resolve("duckdb-merged.parquet");
        String old = list(data.snapshotFiles().stream().map(f -> relocate(f, data, base)).toList());
        String delta = list(data.deltaFiles().stream().map(f -> relocate(f, data, base)).toList());
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = conn.createStatement()) {
            s.execute("SET threads = " + o.parallelism());
            s.execute("COPY (WITH delta AS (SELECT * FROM read_parquet(" + delta + ")), "
                    + "old AS (SELECT * FROM read_parquet(" + old + ")) "
                    + "SELECT * FROM delta UNION ALL SELECT old.* FROM old ANTI JOIN delta USING (" + KEY + ")) "
                    + "TO '" + out.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT parquet)");
        }
        return ParquetFiles.rowCount(new org.apache.flink.core.fs.Path(out.toUri()));
    }

    /** A prepared file's path, moved into the fresh copy {@code base}. */
    private String relocate(String file, MergeBenchData.Built data, Path base) {
        Path prepared = Path.of(file);
        // prepared files live under <scenario dir>/base/...; the copy under <scenario dir>/work-<c>/...
        Path preparedBase = prepared;
        while (preparedBase != null && !preparedBase.getFileName().toString().equals("base")) {
            preparedBase = preparedBase.getParent();
        }
        return base.resolve(preparedBase.relativize(prepared)).toAbsolutePath().toString();
    }

    private static String list(List<String> files) {
        return files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    /** Baseline B: copy the snapshot's files, file by file (what cp -r does). */
    private static void copySnapshot(Path base) throws IOException {
        copyTree(MergeBenchData.snapshotDir(base), base.resolve("cp-copy"));
    }

    public static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ------------------------------------------------------------------ report

    private Path report(List<ScenarioResult> results) throws IOException {
        Instant now = Instant.now();
        BenchReport.Files3 files = BenchReport.paths(o.out(), "merge", now);
        BenchReport.Panel times = new BenchReport.Panel("Merge: median seconds per contender", "seconds");
        BenchReport.Panel ratioPanel = new BenchReport.Panel("Merge: median ratios (lower is better)", "ratio")
                .goal("goal merge/duckdb " + GOAL_VS_DUCKDB, GOAL_VS_DUCKDB);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "merge");
        doc.put("createdAt", now.toString());
        doc.put("rows", o.rows());
        doc.put("deltaShare", o.deltaShare());
        doc.put("runs", o.runs());
        doc.put("warmups", o.warmups());
        doc.put("parallelism", o.parallelism());
        doc.put("duckdbThreads", o.parallelism());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        doc.put("goals", Map.of("merge/duckdb", GOAL_VS_DUCKDB, "merge/cp", GOAL_VS_CP, "scenario", "recent"));
        List<Map<String, Object>> scs = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append("# Merge benchmark ").append(now).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Serving snapshot of %,d rows, delta of %.2f%% (80%% new keys, 20%% updates),"
                + " a few member/organization changes. %d measured run(s) after %d warm-up(s), contenders alternated"
                + " (rotating order), each from a fresh copy of the prepared data (copy not timed). Merge parallelism"
                + " %d, DuckDB threads %d, %d cores.%n%n", o.rows(), o.deltaShare() * 100, o.runs(), o.warmups(),
                o.parallelism(), o.parallelism(), Runtime.getRuntime().availableProcessors()));
        sb.append("- merge: `MergeJob.run` for S1 on a local MiniCluster (whole wall time, cluster start included)\n");
        sb.append("- duckdb: DuckDB JDBC `COPY (SELECT * FROM delta UNION ALL SELECT old.* FROM old ANTI JOIN delta"
                + " USING (dedup key)) TO '...parquet'` over the same files\n");
        sb.append("- cp: `Files.copy` of each file of the snapshot directory (what `cp -r` does)\n\n");
        sb.append(String.format(Locale.ROOT, "Goals (scenario recent): merge/duckdb ≤ %.1f, merge/cp ≤ %.0f."
                + " Scenario uniform (updates spread over all keys) is reported without a goal.%n%n",
                GOAL_VS_DUCKDB, GOAL_VS_CP));
        for (ScenarioResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", name(r.scenario));
            m.put("deltaRows", r.data.deltaRows());
            m.put("newKeys", r.data.newKeys());
            m.put("updates", r.data.updates());
            m.put("expectedMergedRows", r.data.expectedMergedRows());
            m.put("mergedRows", r.mergedRows);
            m.put("mergeFiles", r.mergeFiles);
            m.put("duckdbRows", r.duckdbRows);
            m.put("dataBuildSeconds", r.buildSeconds);
            Map<String, Object> cs = new LinkedHashMap<>();
            for (String c : CONTENDERS) {
                cs.put(c, stats(r.seconds.get(c)));
            }
            m.put("seconds", cs);
            m.put("orders", r.orders);
            boolean goals = r.scenario == MergeBenchData.Scenario.RECENT;
            Map<String, Object> ratios = new LinkedHashMap<>();
            Map<String, Object> vd = stats(r.vsDuckdb);
            Map<String, Object> vc = stats(r.vsCp);
            if (goals) {
                vd.put("goal", GOAL_VS_DUCKDB);
                vd.put("met", median(r.vsDuckdb) <= GOAL_VS_DUCKDB);
                vc.put("goal", GOAL_VS_CP);
                vc.put("met", median(r.vsCp) <= GOAL_VS_CP);
            }
            ratios.put("merge/duckdb", vd);
            ratios.put("merge/cp", vc);
            m.put("ratios", ratios);
            for (String c : CONTENDERS) {
                times.bar(name(r.scenario), c, median(r.seconds.get(c)));
            }
            ratioPanel.bar(name(r.scenario), "merge/duckdb", median(r.vsDuckdb));
            ratioPanel.bar(name(r.scenario), "merge/cp", median(r.vsCp));
            scs.add(m);

            sb.append("## Scenario ").append(name(r.scenario)).append(goals ? "" : " (worst case, no goal)")
                    .append("\n\n");
            sb.append(String.format(Locale.ROOT, "Delta %,d rows (%,d new keys, %,d updates of %s); merged snapshot"
                    + " %,d rows (expected %,d), DuckDB output %,d rows; %s.%n%n", r.data.deltaRows(), r.data.newKeys(),
                    r.data.updates(), goals ? "keys among the most recent 5% of timestamps" : "keys uniform over all keys",
                    r.mergedRows, r.data.expectedMergedRows(), r.duckdbRows, r.mergeFiles));
            sb.append("| contender | min s | median s | max s |\n|---|---:|---:|---:|\n");
            for (String c : CONTENDERS) {
                List<Double> xs = r.seconds.get(c);
                sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", c, min(xs), median(xs), max(xs)));
            }
            sb.append("\n| ratio (median of per-run ratios) | median | range | goal | met |\n|---|---:|---|---:|---|\n");
            sb.append(ratioRow("merge/duckdb", r.vsDuckdb, goals ? GOAL_VS_DUCKDB : null));
            sb.append(ratioRow("merge/cp", r.vsCp, goals ? GOAL_VS_CP : null));
            sb.append("\n");
        }
        doc.put("scenarios", scs);
        BenchReport.write(files, sb.toString(), doc, List.of(times, ratioPanel), log);
        return files.md();
    }

    private static String ratioRow(String name, List<Double> xs, Double goal) {
        return BenchReport.ratioRow(name, xs, goal == null ? null : String.format(Locale.ROOT, "≤ %.1f", goal),
                goal == null ? null : median(xs) <= goal);
    }
}
