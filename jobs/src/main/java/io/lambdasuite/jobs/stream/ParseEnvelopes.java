package io.lambdasuite.jobs.stream;

import io.lambdasuite.jobs.source.NdjsonFormat;
import io.lambdasuite.jobs.status.SnapshotAgeGauge;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.cdc.ParsedChange;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw messages into typed rows (SPEC §1): facts on the main output, each dimension on its side
 * output, bad input to the dead-letter side output with its reason. Never fails the job on bad input.
 * Metrics: {@code parsed}, {@code deadLettered} and {@code deadLettered_<reason>}; on the first subtask also
 * {@link SnapshotAgeGauge#NAME}, the age of the latest serving snapshot (here because every job has this
 * operator and it runs for as long as the job does).
 */
public final class ParseEnvelopes extends ProcessFunction<RawMessage, ActivityRow> {
    private static final long serialVersionUID = 1L;

    private final EnvelopeParser parser;
    /** Incremental Kafka runs: end offset at start per topic and partition; null otherwise. */
    private final Map<String, long[]> kafkaEnds;
    /** The serving dataset whose latest snapshot's age is a gauge; null for none. */
    private final String servingRoot;
    private transient Map<String, boolean[]> reported;
    private transient Counter parsed;
    private transient Counter deadLettered;
    private transient Map<BadMessage.Reason, Counter> byReason;

    public ParseEnvelopes(int maxMessageBytes, Map<String, long[]> kafkaEnds, String servingRoot) {
        this.parser = new EnvelopeParser(maxMessageBytes);
        this.kafkaEnds = kafkaEnds;
        this.servingRoot = servingRoot;
    }

    /** The key an incremental run waits for once a partition is read up to {@code endOffset}. */
    public static String readToEnd(String topic, int partition, long endOffset) {
        return topic + "-" + partition + "@" + endOffset;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup g = getRuntimeContext().getMetricGroup();
        parsed = g.counter("parsed");
        deadLettered = g.counter("deadLettered");
        reported = new HashMap<>();
        byReason = new EnumMap<>(BadMessage.Reason.class);
        for (BadMessage.Reason r : BadMessage.Reason.values()) {
            byReason.put(r, g.counter("deadLettered_" + r.code().replace('-', '_')));
        }
        if (servingRoot != null && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            g.gauge(SnapshotAgeGauge.NAME,
                    new SnapshotAgeGauge(new Path(servingRoot), Clock.systemUTC(), SnapshotAgeGauge.REFRESH));
        }
    }

    @Override
    public void processElement(RawMessage msg, Context ctx, Collector<ActivityRow> out) {
        if (NdjsonFormat.isEndOfFile(msg)) {
            ctx.output(Tags.READ_TO_END, msg.file);
            return;
        }
        if (kafkaEnds != null && msg.file == null) {
            reportEnd(msg, ctx);
        }
        if (msg.file != null && isBlank(msg.value)) {
            return; // blank line in an NDJSON file: no message
        }
        ParsedChange change;
        try {
            change = parser.parse(msg.value);
        } catch (BadMessage e) {
            deadLettered.inc();
            byReason.get(e.reason()).inc();
            ctx.output(Tags.DEAD_LETTERS, deadLetter(msg, e.reason().code(), e.getMessage()));
            return;
        }
        parsed.inc();
        switch (change.table) {
            case ACTIVITY_RELATIONS:
                out.collect(change.fact);
                break;
            case MEMBERS:
                ctx.output(Tags.MEMBERS, (MemberRow) change.dimension);
                break;
            case ORGANIZATIONS:
                ctx.output(Tags.ORGANIZATIONS, (OrganizationRow) change.dimension);
                break;
            case SEGMENTS:
                ctx.output(Tags.SEGMENTS, (SegmentRow) change.dimension);
                break;
            case REPOSITORIES:
                ctx.output(Tags.REPOSITORIES, (RepositoryRow) change.dimension);
                break;
            default:
                throw new IllegalStateException(String.valueOf(change.table));
        }
    }

    /** Tells the catch-up tracker, once per partition and subtask, that the end offset at start was reached. */
    private void reportEnd(RawMessage msg, Context ctx) {
        long[] ends = kafkaEnds.get(msg.topic);
        if (ends == null || msg.partition >= ends.length || msg.offset < ends[msg.partition] - 1) {
            return;
        }
        boolean[] done = reported.computeIfAbsent(msg.topic, t -> new boolean[ends.length]);
        if (!done[msg.partition]) {
            done[msg.partition] = true;
            ctx.output(Tags.READ_TO_END, readToEnd(msg.topic, msg.partition, ends[msg.partition]));
        }
    }

    /** The dead-letter row of a rejected message. */
    public static DeadLetter deadLetter(RawMessage msg, String reason, String detail) {
        DeadLetter d = new DeadLetter();
        d.topic = msg.topic == null ? "" : msg.topic;
        d.partition = msg.partition;
        d.offset = msg.offset;
        d.file = msg.file == null ? "" : msg.file;
        d.reason = reason;
        d.detail = detail == null ? "" : detail;
        d.raw = msg.value;
        d.rejectedAt = System.currentTimeMillis();
        return d;
    }

    private static boolean isBlank(byte[] v) {
        if (v == null) {
            return true;
        }
        for (byte b : v) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
