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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * The input of the streaming benchmarks: an in-process broker with one topic per CDC table of
 * {@code partitions} partitions, generated messages ({@link CdcGenerator}, the first {@code n} of a stream of
 * {@code n} activities), and the options of a streaming job that reads them; plus counting what a job published.
 */
final class BenchInput {
    private BenchInput() {}

    /** Starts a broker under {@code dir} (wiped) with every CDC topic at {@code partitions} partitions. */
    static EmbeddedKafka broker(Path dir, int partitions) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (Table t : Table.values()) {
            topics.put(t.tableName(), partitions);
        }
        kafka.createTopics(topics);
        return kafka;
    }

    /** The first {@code n} messages of the generated stream with {@code seed}. */
    static CdcGenerator messages(long n, long seed) {
        return new CdcGenerator(GeneratorConfig.builder().seed(seed).activities(Math.max(n, 1000)).build());
    }

    /** Produces the first {@code n} generated messages into the broker; returns what was produced. */
    static GenerationSummary preload(EmbeddedKafka kafka, long n, long seed) {
        CdcGenerator gen = messages(n, seed);
        try (KafkaWriter w = new KafkaWriter(kafka.bootstrapServers(), kafka.clientSecurityProperties())) {
            for (long i = 0; i < n && gen.hasNext(); i++) {
                GeneratedMessage m = gen.next();
                w.write(m);
            }
            w.flush();
            return w.summary();
        }
    }

    /** Options of {@code lambda stream} reading the broker from the start, with every operator and sink on. */
    static Configuration streamOptions(EmbeddedKafka kafka, Path base, int parallelism) {
        Configuration o = new Configuration();
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
