package io.lambdasuite.jobs.demo;

import io.lambdasuite.jobs.common.SqlFiles;
import io.lambdasuite.jobs.generate.CdcGenerator;
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
import java.time.Duration;
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
 * {@code lambda demo}: the whole streaming layer on one machine with nothing installed. Starts a Kafka broker
 * in-process (KRaft), generates a CDC stream into it, runs the streaming job on a MiniCluster until it has
 * consumed everything (then it stops with a savepoint), and prints what it wrote, queried with DuckDB through
 * the files in {@code sql/duckdb}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Runs the streaming job end to end on an in-process Kafka broker and a MiniCluster, then prints the output.")
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
        say("working directory " + dir.toAbsolutePath());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            say("Kafka broker (in-process, KRaft) at " + kafka.bootstrapServers());
            Map<String, Integer> topics = new LinkedHashMap<>();
            for (Table t : Table.values()) {
                topics.put(t.tableName(), partitions);
            }
            kafka.createTopics(topics);

            GeneratorConfig cfg = GeneratorConfig.builder().seed(seed).activities(activities).build();
            long t0 = System.nanoTime();
            GenerationSummary generated =
                    KafkaWriter.writeAll(new CdcGenerator(cfg), kafka.bootstrapServers(), new Properties());
            say(String.format("generated %,d messages in %.1f s:%n%s", generated.messages(), seconds(t0),
                    generated.format().indent(4).stripTrailing()));

            Configuration o = new Configuration();
            o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.KAFKA);
            o.set(StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            o.set(StreamOptions.BASE_PATH, data.toString());
            o.set(StreamOptions.PARALLELISM, parallelism);
            o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
            o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
            say("streaming job running (parallelism " + parallelism + "), until it has read everything...");
            long t1 = System.nanoTime();
            StreamJob.Result result = StreamJob.run(o, msg -> say("  " + msg));
            double streamSeconds = seconds(t1);
            say(String.format("streaming job consumed %,d messages in %.1f s (%,.0f messages/s, start-up and the"
                            + " final savepoint included); savepoint %s",
                    generated.messages(), streamSeconds, generated.messages() / streamSeconds, result.savepointPath));
        }
        report(data);
        return 0;
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

    private static void report(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET VARIABLE base_path = '" + data.toString().replace("'", "''") + "'");
            SqlFiles.run(s, "duckdb/views.sql");
            print(s, "MV rows per snapshot (every new version the job wrote)", SqlFiles.read("duckdb/mv_summary.sql"));
            print(s, "Dead letters by reason", SqlFiles.read("duckdb/dead_letters.sql"));
            print(s, "Newest version per activity, published rows by platform and type (top 10)",
                    SqlFiles.read("duckdb/mv_latest_by_type.sql"));
        }
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
