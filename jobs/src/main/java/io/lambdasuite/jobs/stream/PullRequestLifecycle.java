package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.rules.PullRequestRule;
import io.lambdasuite.udfs.rules.SnapshotIds;
import io.lambdasuite.udfs.rules.VersionOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The real-time PR record (SPEC §6), keyed by PR key: keeps the latest version of each event of the PR, recomputes
 * the record with {@link PullRequestRule} whenever one changes, and emits it only when the result changed. A child
 * event before its opened event is kept and counts once the opened event arrives. A PR that loses its opened event
 * (deleted, or its row became held) is emitted once more with {@code isDeleted = true}. Each emitted record carries
 * the commit time of the newest change seen and a revision (1, 2, ...): the newest record of a PR in the MV has the
 * greatest (commitTimestamp, revision).
 *
 * <p>State, cleared together:
 * <ul>
 *   <li>{@link #EVENTS}: the latest version per event (dedup key), removals included so a late older version
 *       cannot bring an event back;
 *   <li>{@link #EMITTED}: the last record emitted;
 *   <li>{@link #CLEANUP_AT}: the event time of the pending cleanup timer.
 * </ul>
 * Cleared by an event-time timer {@code retention} after the newest change of a resolved PR (closed or merged); a
 * later change re-arms it, a change that un-resolves the PR cancels it. A later event of a cleared PR starts from
 * empty state (its record is then partial or not emitted; the PR merge, which recomputes from the serving
 * snapshot, stays right). The final watermark of a bounded or draining run ({@code --stop-when-caught-up}) fires
 * every timer: that is the end of the input, not the passage of event time, so the state is kept for the
 * savepoint and the PR's next change re-arms its timer. Backstop for PRs never resolved, and for state whose timer
 * fell at such a stop: a processing-time TTL ({@code idleTtl}, 0 = none) refreshed on every change (each change
 * rewrites the whole PR's state, so its entries expire together).
 */
public final class PullRequestLifecycle extends KeyedProcessFunction<String, PullRequestEvent, PullRequestRecord> {
    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, PullRequestEvent> EVENTS = new MapStateDescriptor<>(
            "pull-request-events", Types.STRING, TypeInformation.of(PullRequestEvent.class));
    public static final ValueStateDescriptor<PullRequestRecord> EMITTED =
            new ValueStateDescriptor<>("pull-request-emitted", TypeInformation.of(PullRequestRecord.class));
    public static final ValueStateDescriptor<Long> CLEANUP_AT =
            new ValueStateDescriptor<>("pull-request-cleanup-at", Types.LONG);

    private final long retentionMs;
    private final Duration idleTtl;
    private transient MapState<String, PullRequestEvent> events;
    private transient ValueState<PullRequestRecord> emitted;
    private transient ValueState<Long> cleanupAt;
    private transient Counter records;
    private transient Counter unchanged;
    private transient Counter staleOrDuplicate;
    private transient Counter cleared;

    public PullRequestLifecycle(Duration retention, Duration idleTtl) {
        this.retentionMs = retention.toMillis();
        this.idleTtl = idleTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        events = getRuntimeContext().getMapState(withTtl(new MapStateDescriptor<>(EVENTS.getName(), Types.STRING,
                TypeInformation.of(PullRequestEvent.class))));
        emitted = getRuntimeContext().getState(withTtl(
                new ValueStateDescriptor<>(EMITTED.getName(), TypeInformation.of(PullRequestRecord.class))));
        cleanupAt = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>(CLEANUP_AT.getName(), Types.LONG)));
        records = getRuntimeContext().getMetricGroup().counter("pullRequestRecords");
        unchanged = getRuntimeContext().getMetricGroup().counter("pullRequestUnchanged");
        staleOrDuplicate = getRuntimeContext().getMetricGroup().counter("pullRequestStaleOrDuplicate");
        cleared = getRuntimeContext().getMetricGroup().counter("pullRequestsCleared");
    }

    private <D extends org.apache.flink.api.common.state.StateDescriptor<?, ?>> D withTtl(D descriptor) {
        if (idleTtl != null && !idleTtl.isZero()) {
            descriptor.enableTimeToLive(StateTtl.of(idleTtl));
        }
        return descriptor;
    }

    @Override
    public void processElement(PullRequestEvent e, Context ctx, Collector<PullRequestRecord> out) throws Exception {
        PullRequestEvent known = events.get(e.eventKey);
        if (known != null && !VersionOrder.isNewer(e, known)) {
            staleOrDuplicate.inc();
            return;
        }
        Map<String, PullRequestEvent> current = new HashMap<>();
        for (Map.Entry<String, PullRequestEvent> entry : events.entries()) {
            current.put(entry.getKey(), entry.getValue());
        }
        current.put(e.eventKey, e);
        events.putAll(current); // rewrites every entry: the PR's entries share one TTL

        PullRequestRecord last = emitted.value();
        long changedAt = last == null ? e.commitTimestamp : Math.max(last.commitTimestamp, e.commitTimestamp);
        PullRequestRecord now = PullRequestRule.apply(ctx.getCurrentKey(), current.values());
        PullRequestRecord emit = null;
        if (now != null && (last == null || last.isDeleted || !now.sameResultAs(last))) {
            emit = now;
        } else if (now == null && last != null && !last.isDeleted) {
            emit = retraction(last, e);
        }
        if (emit != null) {
            emit.commitTimestamp = changedAt;
            emit.revision = last == null ? 1 : last.revision + 1;
            emitted.update(emit);
            records.inc();
            out.collect(emit);
        } else {
            unchanged.inc();
            if (last != null) {
                emitted.update(last); // refreshes its TTL with the rest of the PR's state
            }
        }
        scheduleCleanup(ctx, now, changedAt);
    }

    /** The last record, marked deleted: the PR lost its opened event. */
    private static PullRequestRecord retraction(PullRequestRecord last, PullRequestEvent cause) {
        PullRequestRecord r = last.copy();
        r.isDeleted = true;
        r.snapshotId = Math.max(last.snapshotId, SnapshotIds.snapshotIdOf(cause.updatedAt));
        return r;
    }

    /** Arms (or moves) the cleanup timer while the PR is resolved, cancels it otherwise. */
    private void scheduleCleanup(Context ctx, PullRequestRecord now, long changedAt) throws Exception {
        Long pending = cleanupAt.value();
        long due = PullRequestRule.isResolved(now) ? changedAt + retentionMs : Long.MIN_VALUE;
        if (pending != null && pending != due) {
            ctx.timerService().deleteEventTimeTimer(pending);
        }
        if (due == Long.MIN_VALUE) {
            cleanupAt.clear();
        } else {
            if (pending == null || pending != due) {
                ctx.timerService().registerEventTimeTimer(due);
            }
            cleanupAt.update(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PullRequestRecord> out) throws Exception {
        Long pending = cleanupAt.value();
        if (pending == null || pending != timestamp) {
            return;
        }
        cleanupAt.clear();
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return; // end of input, not the passage of time: keep the PR for the savepoint
        }
        events.clear();
        emitted.clear();
        cleared.inc();
    }
}
