package io.lambdasuite.jobs.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lambda bench <benchmark>}: benchmarks that print their figures and write Markdown + JSON reports. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: figures are ratios against baselines measured in the same run.",
        subcommands = {BenchCommand.Merge.class, BenchCommand.Streaming.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Which update distributions to run. */
    public enum ScenarioChoice { recent, uniform, both }

    @Command(name = "merge", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {
                "Builds a serving snapshot of --rows activities and a delta of --delta-share of it (80% new keys,"
                        + " 20% updates), then times our merge, a DuckDB merge of the same files and a copy of the"
                        + " snapshot, alternating. Goals (scenario recent): merge <= 0.3x DuckDB and <= 5x cp.",
                "Writes <out>/merge-<timestamp>.md and .json."
            })
    public static final class Merge implements Callable<Integer> {
        @Option(names = "--rows", description = "Rows of the serving snapshot.")
        long rows = 10_000_000L;

        @Option(names = "--delta-share", description = "Delta size as a share of the snapshot.")
        double deltaShare = 0.01;

        @Option(names = "--runs", description = "Measured runs per scenario.")
        int runs = 3;

        @Option(names = "--warmups", description = "Warm-up runs per scenario (not reported).")
        int warmups = 1;

        @Option(names = "--dir", description = "Where the data is prepared (reused when it matches) and copied per run.")
        Path dir = Path.of("bench-data");

        @Option(names = "--parallelism", description = "Merge job parallelism (also DuckDB's thread count).")
        int parallelism = 2;

        @Option(names = "--scenario", description = "recent (updates among the newest 5% of timestamps), uniform"
                + " (updates over all keys: the worst case) or both.")
        ScenarioChoice scenario = ScenarioChoice.both;

        @Option(names = "--out", description = "Directory of the reports.")
        Path out = Path.of("bench-results");

        @Override
        public Integer call() throws Exception {
            if (rows < 100 || rows > Integer.MAX_VALUE || deltaShare <= 0 || deltaShare > 1 || runs < 1 || warmups < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "need --rows in [100, 2^31), --delta-share in (0, 1], --runs >= 1, --warmups >= 0");
            }
            List<MergeBenchData.Scenario> scs = switch (scenario) {
                case recent -> List.of(MergeBenchData.Scenario.RECENT);
                case uniform -> List.of(MergeBenchData.Scenario.UNIFORM);
                case both -> List.of(MergeBenchData.Scenario.RECENT, MergeBenchData.Scenario.UNIFORM);
            };
            new MergeBench(new MergeBench.Options(rows, deltaShare, runs, warmups, dir.toAbsolutePath(), parallelism,
                    scs, out.toAbsolutePath()), System.out).run();
            return 0;
        }
    }

    @Command(name = "streaming", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {
                "Preloads --messages generated CDC messages into an in-process broker, then runs the streaming job"
                        + " (every operator and sink, --stop-when-caught-up) at each --parallelism and a plain"
                        + " single-thread loop (Kafka -> Jackson -> rows -> Parquet Snappy) over the same messages,"
                        + " alternating. Reports wall rows/s and rows per CPU-second and their ratios to the loop."
                        + " Goals at parallelism 2: wall >= 1.0x the loop, per CPU-second >= 0.5x.",
                "Writes <out>/streaming-<timestamp>.md, .json and .png."
            })
    public static final class Streaming implements Callable<Integer> {
        @Option(names = "--messages", description = "Generated messages to preload.")
        long messages = 2_000_000L;

        @Option(names = "--runs", description = "Measured rounds (each runs every contender once).")
        int runs = 5;

        @Option(names = "--warmups", description = "Warm-up rounds (not reported).")
        int warmups = 2;

        @Option(names = "--parallelism", split = ",", description = "Parallelisms of the streaming job to measure.")
        List<Integer> parallelism = List.of(1, 2);

        @Option(names = "--partitions", description = "Partitions of each topic (at least 2).")
        int partitions = 2;

        @Option(names = "--seed", description = "Generator seed.")
        long seed = 42;

        @Option(names = "--dir", description = "Working directory (broker logs, outputs); its streaming/ is wiped.")
        Path dir = Path.of("bench-data");

        @Option(names = "--out", description = "Directory of the reports.")
        Path out = Path.of("bench-results");

        @Override
        public Integer call() throws Exception {
            if (messages < 100 || runs < 1 || warmups < 0 || partitions < 2 || parallelism.isEmpty()
                    || parallelism.stream().anyMatch(p -> p < 1)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "need --messages >= 100, --runs >= 1, --warmups >= 0, --partitions >= 2, --parallelism >= 1");
            }
            new StreamingBench(new StreamingBench.Options(messages, runs, warmups, List.copyOf(parallelism), partitions,
                    seed, dir.toAbsolutePath(), out.toAbsolutePath()), System.out).run();
            return 0;
        }
    }
}
