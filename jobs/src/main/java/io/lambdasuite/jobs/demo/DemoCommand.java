package io.lambdasuite.jobs.demo;

import io.lambdasuite.jobs.bootstrap.BootstrapActivitiesJob;
import io.lambdasuite.jobs.bootstrap.SegmentAggregatesJob;
import io.lambdasuite.jobs.common.SqlFiles;
import io.lambdasuite.jobs.generate.CdcGenerator;
import io.lambdasuite.jobs.generate.GeneratedMessage;
import io.lambdasuite.jobs.generate.NdjsonWriter;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.merge.PullRequestMergeJob;
import io.lambdasuite.jobs.merge.PruneJob;
import io.lambdasuite.jobs.serving.PruneInputs;
import io.lambdasuite.jobs.serving.PrunePlanner;
import io.lambdasuite.jobs.verify.ServingVerifier;
import io.lambdasuite.udfs.rules.SnapshotIds;
import io.lambdasuite.jobs.generate.GenerationSummary;
import io.lambdasuite.jobs.generate.GeneratorConfig;
import io.lambdasuite.jobs.generate.KafkaWriter;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lambda demo}: the suite on one machine with nothing installed. Starts a Kafka broker in-process
 * (KRaft); the first half of a generated CDC log is the history the bootstrap jobs build the initial snapshots
 * from (activities, pull requests, segment aggregates); the second (updates, deletes and late rows of hours
 * already published) is streamed from the bootstrap's positions and state on a MiniCluster until caught up,
 * then merged (activities, segment aggregates, pull requests); prunes, prints what was written and the queries
 * of {@code sql/duckdb} over the latest snapshots, and checks them with {@code lambda verify}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Runs the suite end to end on an in-process Kafka broker and a MiniCluster: a generated history bootstrapped (activities, pull requests, segment aggregates), more CDC streamed from there and merged, prune, the analytics and pull-request queries, then verify.")
public final class DemoCommand implements Callable<Integer> {
    /** Marks a directory the demo created, so a re-run may wipe it and nothing else. */
    static final String MARKER = ".lambda-demo";

    @Option(names = "--dir", description = "Working directory of the demo (broker logs, Parquet output, checkpoints); re-created on each run.")
    Path dir = Paths.get("lambda-demo");

    @Option(names = "--activities", description = "Activity changes to generate.")
    long activities = 20_000;

    @Option(names = "--seed", description = "Generator seed.")
    long seed = 42;

    @Option(names = "--parallelism", description = "Parallelism of the streaming job.")
    int parallelism = 2;

    @Option(names = "--partitions", description = "Partitions of each topic.")
    int partitions = 2;

    @Override
    public Integer call() throws Exception {
        prepare(dir);
        Path data = dir.resolve("data").toAbsolutePath();
        Path log = dir.resolve("cdc-log").toAbsolutePath();
        say("working directory " + dir.toAbsolutePath());
        Clock clock = Clock.systemUTC();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            say("Kafka broker (in-process, KRaft) at " + kafka.bootstrapServers());
            Map<String, Integer> topics = new LinkedHashMap<>();
            for (Table t : Table.values()) {
                topics.put(t.tableName(), partitions);
            }
            kafka.createTopics(topics);

            // Two hours of generated CDC in two phases: the second brings new rows, updates, deletes and late
            // versions of the hour the first merge already published.
            List<GeneratedMessage> all = new ArrayList<>();
            new CdcGenerator(GeneratorConfig.builder().seed(seed).activities(activities).build())
                    .forEachRemaining(all::add);
            List<List<GeneratedMessage>> phases = List.of(all.subList(0, all.size() / 2),
                    all.subList(all.size() / 2, all.size()));
            // Phase 1 is the history: the initial snapshots are built from it by the bounded bootstrap jobs, which
            // hand the streaming job their end positions and state.
            GenerationSummary history = produce(phases.get(0), kafka.bootstrapServers(), log, 0);
            say(String.format("phase 1 (history): produced %,d messages (a copy under %s is the CDC log verify"
                    + " reads):%n%s", history.messages(), log, history.format().indent(4).stripTrailing()));
            Configuration b = kafkaOptions(kafka.bootstrapServers(), data);
            say("lambda bootstrap activities: a bounded run over the topics up to their current end offsets...");
            long t0 = System.nanoTime();
            BootstrapActivitiesJob.Result boot = BootstrapActivitiesJob.run(b, clock, msg -> say("  " + msg));
            say(String.format("bootstrap published snapshot %s: %,d rows, %,d held, in %.1f s",
                    SnapshotIds.partitionValue(boot.snapshotId), boot.rows, boot.heldRows, seconds(t0)));
            Configuration m = new Configuration();
            m.set(MergeOptions.BASE_PATH, data.toString());
            m.set(MergeOptions.PARALLELISM, parallelism);
            PullRequestMergeJob.Result prs = PullRequestMergeJob.run(m, clock, msg -> say("  " + msg), true);
            say(String.format("lambda bootstrap pull-requests: %,d pull requests", prs.rows));
            SegmentAggregatesJob.run(m, clock, msg -> say("lambda bootstrap segment-aggregates: " + msg));

            // Phase 2: new rows, updates, deletes and late versions of hours the bootstrap covered, streamed from
            // where the bootstrap ended, then the hourly jobs.
            GenerationSummary generated = produce(phases.get(1), kafka.bootstrapServers(), log, 1);
            say(String.format("phase 2: produced %,d messages:%n%s", generated.messages(),
                    generated.format().indent(4).stripTrailing()));
            Configuration o = kafkaOptions(kafka.bootstrapServers(), data);
            o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
            o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
            o.set(StreamOptions.STARTING_OFFSETS, StreamOptions.StartingOffsets.BOOTSTRAP);
            say("streaming job (parallelism " + parallelism + ") from the bootstrap's positions and state, until it"
                    + " has read everything...");
            long t1 = System.nanoTime();
            StreamJob.run(o, msg -> say("  " + msg));
            double streamSeconds = seconds(t1);
            say(String.format("streaming job consumed %,d messages in %.1f s (%,.0f messages/s, start-up and the"
                            + " final savepoint included)",
                    generated.messages(), streamSeconds, generated.messages() / streamSeconds));

            long snapshot = Math.max(newestMvHour(data), boot.snapshotId + SnapshotIds.HOUR_MS);
            m.set(MergeOptions.SNAPSHOT, SnapshotIds.partitionValue(snapshot));
            MergeJob.run(m, clock, msg -> say("merge " + msg));
            m.set(MergeOptions.SNAPSHOT, "");
            SegmentAggregatesJob.run(m, clock, msg -> say("segment aggregates " + msg));
            PullRequestMergeJob.run(m, clock, msg -> say("pull requests " + msg), false);
        }
        reportMv(data);
        // Generated data lives in 2024: with the real clock every consumed MV file is past its TTL, and the
        // first snapshot is older than the latest by more than the serving TTL.
        Configuration p = new Configuration();
        p.set(MergeOptions.BASE_PATH, data.toString());
        p.set(PruneJob.SERVING_TTL, Duration.ofMinutes(30));
        System.out.println();
        PruneJob.run(p, clock, msg -> say("prune " + msg));
        reportServing(data);
        ServingVerifier.Report verified = ServingVerifier.verify(log.toString(), data.toString(), 5);
        System.out.println();
        System.out.println("== lambda verify: the latest snapshot against the CDC log, recomputed independently");
        System.out.println(verified);
        return verified.ok() ? 0 : 1;
    }

    /** The options the bootstrap and the streaming job share here: the in-process broker, the base path. */
    private Configuration kafkaOptions(String bootstrapServers, Path data) {
        Configuration o = new Configuration();
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.KAFKA);
        o.set(StreamOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        o.set(StreamOptions.BASE_PATH, data.toString());
        o.set(StreamOptions.PARALLELISM, parallelism);
        return o;
    }

    /** Produces one phase to Kafka and appends it to the NDJSON copy of the log. */
    private static GenerationSummary produce(List<GeneratedMessage> messages, String bootstrap, Path log, int phase)
            throws IOException {
        try (KafkaWriter kafka = new KafkaWriter(bootstrap, new Properties());
                NdjsonWriter files = new NdjsonWriter(log, "phase" + (phase + 1), NdjsonWriter.DEFAULT_LINES_PER_FILE)) {
            for (GeneratedMessage m : messages) {
                kafka.write(m);
                files.write(m);
            }
            kafka.flush();
            return kafka.summary();
        }
    }

    /** The newest snapshot partition the streaming job has written to the activity MV. */
    private static long newestMvHour(Path data) throws IOException {
        long newest = Long.MIN_VALUE;
        for (PrunePlanner.MvFile f : PruneInputs.listMvFiles(
                new org.apache.flink.core.fs.Path(data.resolve(Table.ACTIVITY_RELATIONS.mvDataset()).toUri()))) {
            newest = Math.max(newest, f.partitionSnapshotId());
        }
        return newest;
    }

    /** Creates the directory, or wipes one an earlier demo made; refuses any other non-empty directory. */
    static void prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalArgumentException(dir.toAbsolutePath()
                        + " exists and was not made by the demo; choose another --dir");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "created by lambda demo; safe to delete\n");
    }

    private static void reportMv(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET VARIABLE base_path = '" + data.toString().replace("'", "''") + "'");
            SqlFiles.run(s, "duckdb/views.sql");
            print(s, "MV rows per snapshot (every new version the job wrote)", SqlFiles.read("duckdb/mv_summary.sql"));
            print(s, "Dead letters by reason", SqlFiles.read("duckdb/dead_letters.sql"));
            print(s, "Newest version per activity, published rows by platform and type (top 10)",
                    SqlFiles.read("duckdb/mv_latest_by_type.sql"));
        }
    }

    private static void reportServing(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET VARIABLE base_path = '" + data.toString().replace("'", "''") + "'");
            SqlFiles.run(s, "duckdb/serving_views.sql");
            print(s, "Serving: the latest published snapshot",
                    "SELECT getvariable('serving_snapshot') AS snapshot, count(*) AS activities FROM activities");
            print(s, "Serving: contributions by platform", SqlFiles.read("duckdb/analytics/contributions_by_platform.sql"));
            print(s, "Serving: top organizations", SqlFiles.read("duckdb/analytics/top_organizations.sql")
                    .replace("LIMIT 20", "LIMIT 5"));
            print(s, "Serving: commits by changed lines", SqlFiles.read("duckdb/analytics/changed_lines_by_bucket.sql"));
            SqlFiles.run(s, "duckdb/segments_aggregated_view.sql");
            print(s, "segments_aggregated: the five segments with the most contributors",
                    "SELECT segmentId, contributorCount, organizationCount FROM segments_aggregated"
                            + " ORDER BY contributorCount DESC, segmentId LIMIT 5");
            SqlFiles.run(s, "duckdb/pull_request_views.sql");
            print(s, "pull_requests_analyzed: the latest snapshot",
                    "SELECT count(*) AS pullRequests, count(mergedAt) AS merged, count(*) - count(resolvedAt) AS open"
                            + " FROM pull_requests");
            print(s, "Pull requests: median time to merge per segment",
                    limit(SqlFiles.read("duckdb/analytics/pr_median_time_to_merge.sql"), 5));
            print(s, "Pull requests: open pull requests by age", SqlFiles.read("duckdb/analytics/pr_open_by_age.sql"));
            print(s, "Pull requests: review latency", limit(SqlFiles.read("duckdb/analytics/pr_review_latency.sql"), 5));
        }
    }

    /** A query file's statement with at most {@code n} rows. */
    private static String limit(String sql, int n) {
        return "SELECT * FROM (" + sql.replaceAll("(?s);\\s*$", "").replaceAll("(?m)^\\s*--.*$", "") + ") LIMIT " + n;
    }

    private static void print(Statement s, String title, String sql) throws Exception {
        System.out.println();
        System.out.println("== " + title);
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder header = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.append(String.format("%-24s", md.getColumnLabel(i)));
            }
            System.out.println(header.toString().stripTrailing());
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    line.append(String.format("%-24s", rs.getString(i)));
                }
                System.out.println(line.toString().stripTrailing());
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void say(String msg) {
        System.out.println("[demo] " + msg);
    }
}
