package io.lambdasuite.jobs.bench;

import io.lambdasuite.jobs.generate.CdcGenerator;
import io.lambdasuite.jobs.generate.GeneratedMessage;
import io.lambdasuite.jobs.generate.KafkaWriter;
import io.lambdasuite.jobs.kafka.EmbeddedKafka;
import io.lambdasuite.jobs.source.Sources;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.jobs.stream.Uids;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.cdc.ParsedChange;
import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code lambda bench state}: bytes of keyed state per live dedup key and per pull request. The streaming job reads
 * {@code keys} generated activities (all their messages) with each state backend; once a completed checkpoint
 * covers everything (the offsets the source commits on checkpoint completion reach the end offsets) the job is
 * cancelled and that retained, full (non-incremental) checkpoint's metadata gives each operator's state size,
 * divided by the distinct dedup keys and pull requests of the input (counted while producing it).
 */
public final class StateBench {
    public record Options(long keys, List<String> backends, int parallelism, int partitions, long seed, Path dir,
            Path out) {}

    /** What one backend's checkpoint held. */
    record Measured(String backend, long checkpointId, Map<String, Long> bytesByUid, long totalBytes, long filesBytes,
            double seconds) {}

    private final Options o;
    private final PrintStream log;

    public StateBench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    public Path run() throws Exception {
        Path dir = o.dir().toAbsolutePath().resolve("state");
        MergeBench.deleteTree(dir);
        try (EmbeddedKafka kafka = BenchInput.broker(dir.resolve("kafka"), o.partitions())) {
            long t = System.nanoTime();
            long[] counts = preload(kafka);
            log.printf(Locale.ROOT, "[bench] state: produced %,d messages: %,d distinct dedup keys, %,d pull requests"
                    + " (%.1f s)%n", counts[0], counts[1], counts[2], (System.nanoTime() - t) / 1e9);
            List<Measured> ms = new ArrayList<>();
            for (String backend : o.backends()) {
                Measured m = measure(kafka, dir.resolve("out-" + backend), backend);
                log.printf(Locale.ROOT, "[bench] state: %s checkpoint %d: %,d bytes (%.1f s)%n", backend,
                        m.checkpointId(), m.totalBytes(), m.seconds());
                ms.add(m);
            }
            return report(counts, ms);
        }
    }

    /** Produces every message of {@code keys} activities; returns {messages, distinct dedup keys, distinct PRs}. */
    private long[] preload(EmbeddedKafka kafka) {
        CdcGenerator gen = BenchInput.messages(o.keys(), o.seed());
        EnvelopeParser parser = new EnvelopeParser();
        // 64-bit hashes, not the keys: 10M keys stay within a few hundred MB
        Set<Long> dedupKeys = new HashSet<>();
        Set<Long> pullRequests = new HashSet<>();
        long messages = 0;
        try (KafkaWriter w = new KafkaWriter(kafka.bootstrapServers(), kafka.clientSecurityProperties())) {
            while (gen.hasNext()) {
                GeneratedMessage m = gen.next();
                w.write(m);
                messages++;
                if (m.isMalformed() || !m.topic.equals(Table.ACTIVITY_RELATIONS.tableName())) {
                    continue;
                }
                try {
                    ParsedChange c = parser.parse(m.value);
                    dedupKeys.add(hash64(c.fact.dedupKey()));
                    if (PullRequestTypes.isPullRequestType(c.fact.type)) {
                        String pr = PullRequestEvent.of(c.fact).pullRequestKey;
                        if (!pr.isEmpty()) {
                            pullRequests.add(hash64(pr));
                        }
                    }
                } catch (BadMessage e) {
                    // dead-lettered: no state
                }
            }
            w.flush();
        }
        return new long[] {messages, dedupKeys.size(), pullRequests.size()};
    }

    static long hash64(String s) {
        long h = 0xcbf29ce484222325L; // FNV-1a
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private Measured measure(EmbeddedKafka kafka, Path base, String backend) throws Exception {
        long t0 = System.nanoTime();
        Configuration opts = BenchInput.streamOptions(kafka, base, o.parallelism());
        Configuration f = StreamJob.flinkConfiguration(opts);
        f.set(StateBackendOptions.STATE_BACKEND, backend);
        f.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(f);
        env.configure(f);
        StreamJob.build(env, opts, base.resolve("_runs/unused").toString(), Map.of(), raw -> raw);
        JobClient job = env.executeAsync("lambda-stream-state-" + backend);
        Map<TopicPartition, Long> ends = SingleThreadLoop.endOffsets(kafka.bootstrapServers(), Sources.topics(opts));
        Properties p = kafka.clientSecurityProperties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            while (!committedToEnd(admin, opts.get(StreamOptions.GROUP_ID), ends)) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    job.getJobExecutionResult().get();
                    throw new IllegalStateException("the job ended before it caught up");
                }
                Thread.sleep(500);
            }
        } finally {
            if (job.getJobStatus().get() != JobStatus.CANCELED && !job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path chk = latestCheckpoint(base.resolve("_checkpoints"));
        CheckpointMetadata meta;
        try (InputStream in = Files.newInputStream(chk.resolve("_metadata"))) {
            meta = Checkpoints.loadCheckpointMetadata(new DataInputStream(in), getClass().getClassLoader(),
                    chk.toString());
        }
        Map<OperatorID, String> uids = new HashMap<>();
        for (String uid : allUids()) {
            uids.put(new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid)), uid);
        }
        Map<String, Long> bytes = new LinkedHashMap<>();
        long total = 0;
        for (OperatorState s : meta.getOperatorStates()) {
            long size = s.getStateSize();
            total += size;
            if (size > 0) {
                String op = uids.getOrDefault(s.getOperatorID(), s.getOperatorID() + " (no uid in Uids)");
                bytes.merge(op, size, Long::sum);
            }
        }
        return new Measured(backend, meta.getCheckpointId(), bytes, total, treeBytes(chk), seconds);
    }

    private static boolean committedToEnd(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The newest completed checkpoint ({@code chk-N} with a {@code _metadata}) under the checkpoint directory. */
    static Path latestCheckpoint(Path checkpoints) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(checkpoints, 2)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max((a, b) -> Long.compare(checkpointNumber(a), checkpointNumber(b)))
                    .orElseThrow(() -> new IllegalStateException("no completed checkpoint under " + checkpoints));
        }
    }

    private static long checkpointNumber(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    private static long treeBytes(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Every uid constant of {@link Uids}. */
    private static List<String> allUids() throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (var field : Uids.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                out.add((String) field.get(null));
            }
        }
        return out;
    }

    private Path report(long[] counts, List<Measured> ms) throws java.io.IOException {
        Instant now = Instant.now();
        BenchReport.Files3 files = BenchReport.paths(o.out(), "state", now);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "state");
        doc.put("createdAt", now.toString());
        doc.put("activities", o.keys());
        doc.put("messages", counts[0]);
        doc.put("dedupKeys", counts[1]);
        doc.put("pullRequests", counts[2]);
        doc.put("parallelism", o.parallelism());
        StringBuilder sb = new StringBuilder();
        sb.append("# State benchmark ").append(now).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%,d generated activities (%,d messages: %,d distinct dedup keys, %,d pull"
                + " requests) read by the streaming job (parallelism %d) with each state backend; sizes from the"
                + " operator states of the first full (non-incremental) checkpoint that covers every message"
                + " (`OperatorState#getStateSize`, keyed and operator state, as the checkpoint metadata reports it).%n%n",
                o.keys(), counts[0], counts[1], counts[2], o.parallelism()));
        sb.append("| backend | checkpoint | total bytes | files on disk | bytes per dedup key | bytes per PR |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        BenchReport.Panel panel = new BenchReport.Panel("State: bytes per live key", "bytes");
        List<Map<String, Object>> backends = new ArrayList<>();
        for (Measured m : ms) {
            long dedup = m.bytesByUid().getOrDefault(Uids.DEDUP, 0L);
            long pr = m.bytesByUid().getOrDefault(Uids.PULL_REQUEST_LIFECYCLE, 0L);
            double perKey = dedup / (double) Math.max(1, counts[1]);
            double perPr = pr / (double) Math.max(1, counts[2]);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %.1f | %.1f |%n", m.backend(),
                    m.checkpointId(), m.totalBytes(), m.filesBytes(), perKey, perPr));
            panel.bar(m.backend(), "per dedup key", perKey);
            panel.bar(m.backend(), "per pull request", perPr);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("backend", m.backend());
            b.put("checkpointId", m.checkpointId());
            b.put("totalBytes", m.totalBytes());
            b.put("filesBytes", m.filesBytes());
            b.put("bytesPerDedupKey", perKey);
            b.put("bytesPerPullRequest", perPr);
            b.put("bytesByOperator", m.bytesByUid());
            b.put("runSeconds", m.seconds());
            backends.add(b);
        }
        doc.put("backends", backends);
        sb.append("\n| operator (uid) |");
        ms.forEach(m -> sb.append(' ').append(m.backend()).append(" bytes |"));
        sb.append("\n|---|").append("---:|".repeat(ms.size())).append('\n');
        Set<String> ops = new java.util.TreeSet<>();
        ms.forEach(m -> ops.addAll(m.bytesByUid().keySet()));
        for (String op : ops) {
            sb.append("| ").append(op).append(" |");
            ms.forEach(m -> sb.append(String.format(Locale.ROOT, " %,d |", m.bytesByUid().getOrDefault(op, 0L))));
            sb.append('\n');
        }
        BenchReport.write(files, sb.toString(), doc, List.of(panel), log);
        return files.md();
    }
}
