package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * Facts that arrived before the dimension row they need (SPEC §3: "not lost"). They wait in keyed state,
 * grouped by deadline, until the dimension arrives (then they are released by the join) or until their
 * event-time deadline passes (then they are released as they are, held with the "unknown" reason, and the
 * merge repairs them once the dimension exists). The deadline is the later of the fact's commit time and the
 * current watermark, plus the configured wait; at the end of a bounded input the final watermark releases
 * everything, so a finished run leaves nothing waiting. State returns to empty once every fact is released.
 */
final class WaitingFacts {
    private final MapState<Long, List<ActivityRow>> byDeadline;
    private final long waitMs;
    private final Counter waited;

    WaitingFacts(RuntimeContext rc, String name, Duration wait) {
        this.byDeadline = rc.getMapState(new MapStateDescriptor<>(
                name, Types.LONG, Types.LIST(TypeInformation.of(ActivityRow.class))));
        this.waitMs = wait.toMillis();
        this.waited = rc.getMetricGroup().counter("waitingForDimension");
    }

    /** Parks a fact until its deadline; registers the deadline timer. */
    void park(ActivityRow fact, TimerService timers) throws Exception {
        long wm = timers.currentWatermark();
        long deadline = Math.max(wm == Long.MIN_VALUE ? fact.commitTimestamp : wm, fact.commitTimestamp) + waitMs;
        List<ActivityRow> list = byDeadline.get(deadline);
        if (list == null) {
            list = new ArrayList<>();
            timers.registerEventTimeTimer(deadline);
        }
        list.add(fact);
        byDeadline.put(deadline, list);
        waited.inc();
    }

    /** Removes and returns the facts whose deadline is {@code deadline}. */
    List<ActivityRow> expire(long deadline) throws Exception {
        List<ActivityRow> list = byDeadline.get(deadline);
        if (list == null) {
            return List.of();
        }
        byDeadline.remove(deadline);
        return list;
    }

    /**
     * Removes and returns every waiting fact that {@code ready} accepts; the rest keep waiting. Timers of
     * emptied deadlines are deleted.
     */
    List<ActivityRow> release(Predicate<ActivityRow> ready, TimerService timers) throws Exception {
        if (byDeadline.isEmpty()) {
            return List.of();
        }
        List<ActivityRow> released = new ArrayList<>();
        Iterator<Map.Entry<Long, List<ActivityRow>>> it = byDeadline.iterator();
        List<Long> emptied = new ArrayList<>();
        List<Map.Entry<Long, List<ActivityRow>>> changed = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Long, List<ActivityRow>> e = it.next();
            List<ActivityRow> keep = new ArrayList<>();
            for (ActivityRow f : e.getValue()) {
                (ready.test(f) ? released : keep).add(f);
            }
            if (keep.isEmpty()) {
                emptied.add(e.getKey());
            } else if (keep.size() != e.getValue().size()) {
                changed.add(Map.entry(e.getKey(), keep));
            }
        }
        for (Long d : emptied) {
            byDeadline.remove(d);
            timers.deleteEventTimeTimer(d);
        }
        for (Map.Entry<Long, List<ActivityRow>> e : changed) {
            byDeadline.put(e.getKey(), e.getValue());
        }
        return released;
    }
}
