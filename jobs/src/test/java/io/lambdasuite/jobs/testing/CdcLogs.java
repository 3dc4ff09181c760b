package io.lambdasuite.jobs.testing;

import io.lambdasuite.jobs.generate.CdcGenerator;
import io.lambdasuite.jobs.generate.GeneratedMessage;
import io.lambdasuite.jobs.generate.GeneratorConfig;
import io.lambdasuite.jobs.generate.KafkaWriter;
import io.lambdasuite.jobs.generate.NdjsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** A generated CDC log cut into phases, written as NDJSON files and/or produced to Kafka. */
public final class CdcLogs {
    public final List<List<GeneratedMessage>> phases;
    private String topicPrefix = "";

    private CdcLogs(List<List<GeneratedMessage>> phases) {
        this.phases = phases;
    }

    /**
     * Produces to topics named {@code prefix + table} (one broker, several tests); files keep the table names,
     * which the expected-result SQL reads.
     */
    public CdcLogs withTopicPrefix(String prefix) {
        this.topicPrefix = prefix;
        return this;
    }

    /** Generates {@code activities} activity changes with {@code seed}, cut into {@code phases} equal parts. */
    public static CdcLogs generate(long seed, long activities, int phases) {
        List<GeneratedMessage> all = new ArrayList<>();
        new CdcGenerator(GeneratorConfig.builder().seed(seed).activities(activities).build()).forEachRemaining(all::add);
        List<List<GeneratedMessage>> parts = new ArrayList<>();
        int size = (all.size() + phases - 1) / phases;
        for (int i = 0; i < all.size(); i += size) {
            parts.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return new CdcLogs(parts);
    }

    /**
     * The same log with its first {@code n} phases joined into one (so a run over it reads each topic from one file,
     * in delivery order), the other phases after it.
     */
    public CdcLogs joinFirst(int n) {
        List<GeneratedMessage> first = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.addAll(phases.get(i));
        }
        List<List<GeneratedMessage>> parts = new ArrayList<>();
        parts.add(first);
        parts.addAll(phases.subList(n, phases.size()));
        return new CdcLogs(parts).withTopicPrefix(topicPrefix);
    }

    /**
     * Writes phase {@code i} as one NDJSON file per topic, named {@code p<i>-*.ndjson}, under {@code dir}; returns
     * their paths. One file per topic keeps each key's delivery order, as a Kafka partition does (files are read
     * in parallel, so versions of one key spread over files read at the same time could arrive in any order).
     */
    public List<Path> writeFiles(int phase, Path dir) throws IOException {
        try (NdjsonWriter w = new NdjsonWriter(dir, "p" + phase, Integer.MAX_VALUE)) {
            for (GeneratedMessage m : phases.get(phase)) {
                w.write(m);
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("p" + phase + "-")).toList();
        }
    }

    /** Produces phase {@code i} to Kafka (topics named like the tables must exist). */
    public void produce(int phase, String bootstrapServers) {
        produce(phase, bootstrapServers, new Properties());
    }

    /** The same with client properties on top (a secured broker's SASL settings). */
    public void produce(int phase, String bootstrapServers, Properties client) {
        try (KafkaWriter w = new KafkaWriter(bootstrapServers, client)) {
            for (GeneratedMessage m : phases.get(phase)) {
                w.write(new GeneratedMessage(topicPrefix + m.topic, m.key, m.value, m.commitTimestamp, m.kind));
            }
            w.flush();
        }
    }
}
