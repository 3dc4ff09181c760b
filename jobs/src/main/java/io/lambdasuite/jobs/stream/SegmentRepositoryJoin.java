package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.rules.Validity;
import io.lambdasuite.udfs.rules.VersionOrder;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rules 2 and 3 of reference-schema.md §3 in one keyed step (by segmentId), saving a shuffle: the segment's
 * latest version, and per normalized repository URL of the segment the number of live and usable
 * repositories. A fact waits ({@link WaitingFacts}) while its segment, or (for code platforms) any
 * repository at its channel, is unknown.
 *
 * <p>State per segment: the latest segment version ({@link #SEGMENT}), repository counts per URL
 * ({@link #REPOSITORIES}, an entry is removed when its counts reach zero), waiting facts.
 */
final class SegmentRepositoryJoin extends KeyedCoProcessFunction<String, ActivityRow, SegmentSideInput, ActivityRow> {
    private static final long serialVersionUID = 1L;

    static final String SEGMENT = "current-segment";
    static final String REPOSITORIES = "repositories-by-url";

    private final Duration wait;
    private transient ValueState<SegmentRow> segment;
    /** (live << 32) | usable, per normalized URL. */
    private transient MapState<String, Long> repositories;
    private transient WaitingFacts waiting;
    private transient Counter staleDimensionVersions;

    static ValueStateDescriptor<SegmentRow> segmentDescriptor() {
        return new ValueStateDescriptor<>(SEGMENT, TypeInformation.of(SegmentRow.class));
    }

    static MapStateDescriptor<String, Long> repositoriesDescriptor() {
        return new MapStateDescriptor<>(REPOSITORIES, Types.STRING, Types.LONG);
    }

    SegmentRepositoryJoin(Duration wait) {
        this.wait = wait;
    }

    @Override
    public void open(OpenContext openContext) {
        segment = getRuntimeContext().getState(segmentDescriptor());
        repositories = getRuntimeContext().getMapState(repositoriesDescriptor());
        waiting = new WaitingFacts(getRuntimeContext(), "waiting-facts", wait);
        staleDimensionVersions = getRuntimeContext().getMetricGroup().counter("staleDimensionVersions");
    }

    @Override
    public void processElement1(ActivityRow fact, Context ctx, Collector<ActivityRow> out) throws Exception {
        if (fact.isDeleted || JoinKeys.isSpread(ctx.getCurrentKey())) {
            evaluate(fact, null, 0L);
            out.collect(fact);
            return;
        }
        SegmentRow s = segment.value();
        long counts = repositoryCounts(fact);
        if (!ready(fact, s, counts)) {
            waiting.park(fact, ctx.timerService());
            return;
        }
        evaluate(fact, s, counts);
        out.collect(fact);
    }

    @Override
    public void processElement2(SegmentSideInput in, Context ctx, Collector<ActivityRow> out) throws Exception {
        if (in.segment != null) {
            SegmentRow previous = segment.value();
            if (!VersionOrder.isNewer(in.segment, previous)) {
                staleDimensionVersions.inc();
                return;
            }
            in.segment.resolveToast(previous);
            segment.update(in.segment);
            ctx.output(Tags.SEGMENT_VERSIONS, in.segment);
        } else {
            apply(repositories, in.repository);
        }
        SegmentRow s = segment.value();
        for (ActivityRow fact : waiting.release(f -> ready(f, s, repositoryCountsUnchecked(f)), ctx.timerService())) {
            evaluate(fact, s, repositoryCountsUnchecked(fact));
            out.collect(fact);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActivityRow> out) throws Exception {
        SegmentRow s = segment.value();
        for (ActivityRow fact : waiting.expire(timestamp)) {
            evaluate(fact, s, repositoryCounts(fact));
            out.collect(fact);
        }
    }

    /** Adds a repository delta to the counts of its URL; an entry whose counts reach zero is removed. */
    static void apply(MapState<String, Long> repositories, RepositoryDelta d) throws Exception {
        Long packed = repositories.get(d.url);
        long live = (packed == null ? 0 : packed >>> 32) + d.liveDelta;
        long usable = (packed == null ? 0 : packed & 0xFFFF_FFFFL) + d.usableDelta;
        if (live <= 0 && usable <= 0) {
            repositories.remove(d.url);
        } else {
            repositories.put(d.url, (Math.max(live, 0) << 32) | Math.max(usable, 0));
        }
    }

    private long repositoryCounts(ActivityRow fact) throws Exception {
        if (!Validity.repositoryRuleApplies(fact.platform)) {
            return 0L;
        }
        Long packed = repositories.get(Validity.normalizeUrl(fact.channel));
        return packed == null ? 0L : packed;
    }

    private long repositoryCountsUnchecked(ActivityRow fact) {
        try {
            return repositoryCounts(fact);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ready when the segment is known and, for code platforms, some repository exists at the channel. */
    private static boolean ready(ActivityRow fact, SegmentRow s, long counts) {
        return s != null && (!Validity.repositoryRuleApplies(fact.platform) || (counts >>> 32) > 0);
    }

    private static void evaluate(ActivityRow fact, SegmentRow s, long counts) {
        if (fact.isDeleted) {
            fact.segmentReason = "";
            fact.repositoryReason = "";
            return;
        }
        fact.segmentReason = Validity.segmentReason(s);
        fact.repositoryReason = Validity.repositoryRuleApplies(fact.platform)
                ? Validity.repositoryReason((int) (counts >>> 32), (int) (counts & 0xFFFF_FFFFL))
                : "";
    }
}
