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
        subcommands = {BenchCommand.Merge.class, BenchCommand.Bootstrap.class, BenchCommand.Streaming.class,
            BenchCommand.Freshness.class, BenchCommand.State.class, BenchCommand.Scaling.class})
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

    @Command(name = "bootstrap", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {
                "Generates --rows raw CDC messages as NDJSON (reused when present), then times lambda bootstrap"
                        + " activities over them against a plain single-threaded JSON -> Parquet loop over the same"
                        + " files, alternating, after warm-ups. Reports rows/s per core. Goal: bootstrap >= 0.5x the loop.",
                "Writes <out>/bootstrap-<timestamp>.md and .json."
            })
    public static final class Bootstrap implements Callable<Integer> {
        @Option(names = "--rows", description = "Raw messages (all five tables) to bootstrap.")
        long rows = 10_000_000L;

        @Option(names = "--runs", description = "Measured runs.")
        int runs = 3;

        @Option(names = "--warmups", description = "Warm-up runs (not reported).")
        int warmups = 2;

        @Option(names = "--parallelism", description = "Bootstrap parallelism: the cores its rows/s are divided by.")
        int parallelism = 2;

        @Option(names = "--seed", description = "Generator seed.")
        long seed = 42;

        @Option(names = "--dir", description = "Where the messages are generated (reused when they match) and the runs write.")
        Path dir = Path.of("bench-data");

        @Option(names = "--out", description = "Directory of the reports.")
        Path out = Path.of("bench-results");

        @Override
        public Integer call() throws Exception {
            if (rows < 100 || runs < 1 || warmups < 0 || parallelism < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "need --rows >= 100, --runs >= 1, --warmups >= 0, --parallelism >= 1");
            }
            new BootstrapBench(new BootstrapBench.Options(rows, runs, warmups, dir.toAbsolutePath(), parallelism, seed,
                    out.toAbsolutePath()), System.out).run();
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

    @Command(name = "freshness", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {
                "Runs the streaming job on an in-process broker while generated messages are sent at a steady --rate"
                        + " for --duration; per fact version, the time from its send until its row is readable in"
                        + " published (committed) MV Parquet, in checkpoint intervals. Goal: p99 <= 2 intervals.",
                "Writes <out>/freshness-<timestamp>.md, .json and .png."
            })
    public static final class Freshness implements Callable<Integer> {
        @Option(names = "--rate", description = "Messages sent per second.")
        int rate = 2000;

        @Option(names = "--duration", description = "How long messages are sent (e.g. 90s, 2min).",
                converter = DurationConverter.class)
        java.time.Duration duration = java.time.Duration.ofSeconds(90);

        @Option(names = "--warmup", description = "Messages sent in this first stretch are not measured.",
                converter = DurationConverter.class)
        java.time.Duration warmup = java.time.Duration.ofSeconds(20);

        @Option(names = "--checkpoint-interval", description = "The job's checkpoint interval (default: lambda stream's).",
                converter = DurationConverter.class)
        java.time.Duration checkpointInterval = io.lambdasuite.jobs.stream.StreamOptions.CHECKPOINT_INTERVAL.defaultValue();

        @Option(names = "--parallelism", description = "Parallelism of the streaming job.")
        int parallelism = 2;

        @Option(names = "--partitions", description = "Partitions of each topic (at least 2).")
        int partitions = 2;

        @Option(names = "--seed", description = "Generator seed.")
        long seed = 42;

        @Option(names = "--dir", description = "Working directory (broker logs, outputs); its freshness/ is wiped.")
        Path dir = Path.of("bench-data");

        @Option(names = "--out", description = "Directory of the reports.")
        Path out = Path.of("bench-results");

        @Override
        public Integer call() throws Exception {
            if (rate < 1 || partitions < 2 || parallelism < 1 || duration.compareTo(warmup) <= 0
                    || checkpointInterval.isZero() || checkpointInterval.isNegative()) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "need --rate >= 1, --partitions >= 2, --parallelism >= 1, --duration > --warmup,"
                                + " --checkpoint-interval > 0");
            }
            new FreshnessBench(new FreshnessBench.Options(rate, duration, warmup, checkpointInterval, parallelism,
                    partitions, seed, dir.toAbsolutePath(), out.toAbsolutePath()), System.out).run();
            return 0;
        }
    }

    @Command(name = "state", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {
                "Runs the streaming job over --keys generated activities with each --backend; from the checkpoint that"
                        + " covers every message, the bytes of state per live dedup key and per pull request, and per"
                        + " operator.",
                "Writes <out>/state-<timestamp>.md, .json and .png."
            })
    public static final class State implements Callable<Integer> {
        @Option(names = "--keys", description = "Generated activities (about as many live dedup keys); e.g. 10000000.")
        long keys = 1_000_000L;

        @Option(names = "--backend", split = ",", description = "State backends: rocksdb, hashmap.")
        List<String> backends = List.of("rocksdb", "hashmap");

        @Option(names = "--parallelism", description = "Parallelism of the streaming job.")
        int parallelism = 2;

        @Option(names = "--partitions", description = "Partitions of each topic (at least 2).")
        int partitions = 2;

        @Option(names = "--seed", description = "Generator seed.")
        long seed = 42;

        @Option(names = "--dir", description = "Working directory (broker logs, checkpoints); its state/ is wiped.")
        Path dir = Path.of("bench-data");

        @Option(names = "--out", description = "Directory of the reports.")
        Path out = Path.of("bench-results");

        @Override
        public Integer call() throws Exception {
            if (keys < 1000 || partitions < 2 || parallelism < 1 || backends.isEmpty()
                    || !List.of("rocksdb", "hashmap").containsAll(backends)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "need --keys >= 1000, --partitions >= 2, --parallelism >= 1, --backend of rocksdb, hashmap");
            }
            new StateBench(new StateBench.Options(keys, List.copyOf(backends), parallelism, partitions, seed,
                    dir.toAbsolutePath(), out.toAbsolutePath()), System.out).run();
            return 0;
        }
    }

    @Command(name = "scaling", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = {
                "Times the streaming job over 1x, 2x and 4x --messages, and the merge over snapshots of 1x, 2x, 4x"
                        + " --snapshot-rows (fixed delta) and deltas of 1x, 2x, 4x --delta-rows (fixed snapshot),"
                        + " sizes alternated; a table of times and ratios to 1x.",
                "Writes <out>/scaling-<timestamp>.md, .json and .png."
            })
    public static final class Scaling implements Callable<Integer> {
        @Option(names = "--messages", description = "Streaming input at 1x (generated messages).")
        long messages = 250_000L;

        @Option(names = "--snapshot-rows", description = "Serving snapshot rows at 1x.")
        long snapshotRows = 1_000_000L;

        @Option(names = "--delta-rows", description = "Delta rows at 1x.")
        long deltaRows = 10_000L;

        @Option(names = "--runs", description = "Measured rounds (each runs every size once).")
        int runs = 5;

        @Option(names = "--warmups", description = "Warm-up rounds (not reported).")
        int warmups = 2;

        @Option(names = "--parallelism", description = "Parallelism of both jobs.")
        int parallelism = 2;

        @Option(names = "--partitions", description = "Partitions of each topic (at least 2).")
        int partitions = 2;

        @Option(names = "--seed", description = "Generator seed.")
        long seed = 42;

        @Option(names = "--dir", description = "Working directory (broker logs, data, outputs); its scaling/ is wiped.")
        Path dir = Path.of("bench-data");

        @Option(names = "--out", description = "Directory of the reports.")
        Path out = Path.of("bench-results");

        @Override
        public Integer call() throws Exception {
            if (messages < 100 || snapshotRows < 100 || deltaRows < 10 || deltaRows * 4 > snapshotRows || runs < 1
                    || warmups < 0 || partitions < 2 || parallelism < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "need --messages >= 100,"
                        + " --snapshot-rows >= 100, --delta-rows >= 10 and 4x of it <= --snapshot-rows, --runs >= 1,"
                        + " --warmups >= 0, --partitions >= 2, --parallelism >= 1");
            }
            new ScalingBench(new ScalingBench.Options(messages, snapshotRows, deltaRows, runs, warmups, parallelism,
                    partitions, seed, dir.toAbsolutePath(), out.toAbsolutePath()), System.out).run();
            return 0;
        }
    }

    /** Durations as a number and unit, as Flink options take them ({@code 500ms}, {@code 30s}, {@code 2min}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            return org.apache.flink.util.TimeUtils.parseDuration(value);
        }
    }
}
