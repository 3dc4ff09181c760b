package io.lambdasuite.jobs.bench;

import io.lambdasuite.jobs.generate.CdcGenerator;
import io.lambdasuite.jobs.generate.GeneratedMessage;
import io.lambdasuite.jobs.generate.GenerationSummary;
import io.lambdasuite.jobs.generate.GeneratorConfig;
import io.lambdasuite.jobs.generate.KafkaWriter;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.parquet.ParquetFiles;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The input of the streaming benchmarks: an in-process broker with one topic per CDC table of
 * {@code partitions} partitions, generated messages ({@link CdcGenerator}, the first {@code n} of a stream of
 * {@code n} activities), and the options of a streaming job that reads them; plus counting what a job published.
 */
final class BenchInput {
    private BenchInput() {}

    /**
     * Starts a broker under {@code dir} (wiped) with every CDC topic at {@code partitions} partitions, kept
     * forever: the generated record timestamps are commit times of 2024, which the default time retention
     * (7 days) would delete at the broker's next retention check, minutes into a run.
     */
    static EmbeddedKafka broker(Path dir, int partitions) throws Exception {
        return broker(dir, partitions, List.of(""));
    }

    /** Like {@link #broker(Path, int)}, with one set of topics per prefix ({@code <prefix><table>}). */
    static EmbeddedKafka broker(Path dir, int partitions, List<String> prefixes) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        Map<String, Integer> topics = new LinkedHashMap<>();
        List<NewTopic> create = new ArrayList<>();
        for (String prefix : prefixes) {
            for (Table t : Table.values()) {
                topics.put(prefix + t.tableName(), partitions);
                create.add(new NewTopic(prefix + t.tableName(), partitions, (short) 1)
                        .configs(Map.of("retention.ms", "-1")));
            }
        }
        Properties p = kafka.clientSecurityProperties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(create).all().get();
        }
        kafka.createTopics(topics); // waits until every partition has a leader
        return kafka;
    }

    /** The first {@code n} messages of the generated stream with {@code seed}. */
    static CdcGenerator messages(long n, long seed) {
        return new CdcGenerator(GeneratorConfig.builder().seed(seed).activities(Math.max(n, 1000)).build());
    }

    /** Produces the first {@code n} generated messages into the broker; returns what was produced. */
    static GenerationSummary preload(EmbeddedKafka kafka, long n, long seed) {
        return preload(kafka, n, seed, "");
    }

    /** Like {@link #preload(EmbeddedKafka, long, long)}, into the topics {@code <prefix><table>}. */
    static GenerationSummary preload(EmbeddedKafka kafka, long n, long seed, String prefix) {
        CdcGenerator gen = messages(n, seed);
        try (KafkaWriter w = new KafkaWriter(kafka.bootstrapServers(), kafka.clientSecurityProperties())) {
            for (long i = 0; i < n && gen.hasNext(); i++) {
                GeneratedMessage m = gen.next();
                w.write(prefix.isEmpty() ? m
                        : new GeneratedMessage(prefix + m.topic, m.key, m.value, m.commitTimestamp, m.kind));
            }
            w.flush();
            return w.summary();
        }
    }

    /** Options of {@code lambda stream} reading the broker from the start, with every operator and sink on. */
    static Configuration streamOptions(EmbeddedKafka kafka, Path base, int parallelism) {
        return streamOptions(kafka, base, parallelism, "");
    }

    /** Like {@link #streamOptions(EmbeddedKafka, Path, int)}, reading the topics {@code <prefix><table>}. */
    static Configuration streamOptions(EmbeddedKafka kafka, Path base, int parallelism, String prefix) {
        Configuration o = new Configuration();
        o.set(StreamOptions.TOPIC_ACTIVITIES, prefix + Table.ACTIVITY_RELATIONS.tableName());
        o.set(StreamOptions.TOPIC_MEMBERS, prefix + Table.MEMBERS.tableName());
        o.set(StreamOptions.TOPIC_ORGANIZATIONS, prefix + Table.ORGANIZATIONS.tableName());
        o.set(StreamOptions.TOPIC_SEGMENTS, prefix + Table.SEGMENTS.tableName());
        o.set(StreamOptions.TOPIC_REPOSITORIES, prefix + Table.REPOSITORIES.tableName());
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.KAFKA);
        o.set(StreamOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        o.set(StreamOptions.GROUP_ID, "bench-" + UUID.randomUUID());
        o.set(StreamOptions.STARTING_OFFSETS, StreamOptions.StartingOffsets.EARLIEST);
        o.set(StreamOptions.BASE_PATH, base.toAbsolutePath().toString());
        o.set(StreamOptions.PARALLELISM, parallelism);
        return o;
    }

    /** Rows in the published (committed, non-hidden) Parquet files of a dataset directory. */
    static long publishedRows(Path dataset) throws IOException {
        long rows = 0;
        for (Path f : publishedFiles(dataset)) {
            rows += ParquetFiles.rowCount(new org.apache.flink.core.fs.Path(f.toUri()));
        }
        return rows;
    }

    /** The published Parquet files under a dataset directory: {@code part-*.parquet}, no hidden path element. */
    static List<Path> publishedFiles(Path dataset) throws IOException {
        if (!Files.exists(dataset)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dataset)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("part-")
                            && p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !hidden(dataset.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path element : relative) {
            String n = element.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
