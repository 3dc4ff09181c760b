package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.rules.VersionOrder;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins facts with one dimension held in keyed state, both keyed by the dimension's id (no broadcast: the
 * table can hold millions of rows and lives in RocksDB). The dimension side keeps the latest version per id
 * by the version rule (tombstones included) and sends every newer version to the dimension MV side output.
 * A fact whose dimension is not known yet waits ({@link WaitingFacts}).
 *
 * <p>State per key: the dimension's latest version ({@link #CURRENT}, kept while the dimension row exists
 * in the source table; a tombstone stays so older versions cannot resurrect it) and waiting facts (emptied
 * by the dimension's arrival or their deadline).
 */
abstract class DimensionJoin<D extends DimensionRow> extends KeyedCoProcessFunction<String, ActivityRow, D, ActivityRow> {
    private static final long serialVersionUID = 1L;

    private final Class<D> type;
    private final OutputTag<D> versions;
    private final Duration wait;
    private transient ValueState<D> current;
    private transient WaitingFacts waiting;
    private transient Counter staleDimensionVersions;

    DimensionJoin(Class<D> type, OutputTag<D> versions, Duration wait) {
        this.type = type;
        this.versions = versions;
        this.wait = wait;
    }

    /** Name of the state holding the latest dimension version. */
    static final String CURRENT = "current-dimension";

    /** The descriptor of {@link #CURRENT} for a dimension type (also used by {@link RepositoryVersions}). */
    static <D> ValueStateDescriptor<D> currentDescriptor(Class<D> type) {
        return new ValueStateDescriptor<>(CURRENT, TypeInformation.of(type));
    }

    @Override
    public void open(OpenContext openContext) {
        current = getRuntimeContext().getState(currentDescriptor(type));
        waiting = new WaitingFacts(getRuntimeContext(), "waiting-facts", wait);
        staleDimensionVersions = getRuntimeContext().getMetricGroup().counter("staleDimensionVersions");
    }

    /** Whether this fact references no dimension row at all (it is then enriched at once). */
    abstract boolean noReference(ActivityRow fact);

    /** Sets the fact's columns from the dimension version, or from "unknown" when {@code dimension} is null. */
    abstract void enrich(ActivityRow fact, D dimension);

    /** Derives what the join needs from a newly accepted dimension version (e.g. its country code). */
    void prepare(D dimension) {}

    @Override
    public void processElement1(ActivityRow fact, Context ctx, Collector<ActivityRow> out) throws Exception {
        if (fact.isDeleted || noReference(fact)) {
            enrich(fact, null);
            out.collect(fact);
            return;
        }
        D d = current.value();
        if (d == null) {
            waiting.park(fact, ctx.timerService());
            return;
        }
        enrich(fact, d);
        out.collect(fact);
    }

    @Override
    public void processElement2(D dimension, Context ctx, Collector<ActivityRow> out) throws Exception {
        D previous = current.value();
        if (!VersionOrder.isNewer(dimension, previous)) {
            staleDimensionVersions.inc();
            return;
        }
        dimension.resolveToast(previous);
        prepare(dimension);
        current.update(dimension);
        ctx.output(versions, dimension);
        for (ActivityRow fact : waiting.release(f -> true, ctx.timerService())) {
            enrich(fact, dimension);
            out.collect(fact);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActivityRow> out) throws Exception {
        D d = current.value();
        for (ActivityRow fact : waiting.expire(timestamp)) {
            enrich(fact, d);
            out.collect(fact);
        }
    }
}
