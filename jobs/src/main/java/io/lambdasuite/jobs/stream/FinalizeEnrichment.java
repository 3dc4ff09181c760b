package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.rules.Validity;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Folds the joins' verdicts into {@code heldReason} (first failing rule: member, repository, segment) and
 * counts rows by outcome: {@code published}, {@code tombstones}, {@code held} and {@code held_<reason>}.
 */
final class FinalizeEnrichment extends RichMapFunction<ActivityRow, ActivityRow> {
    private static final long serialVersionUID = 1L;

    private transient Counter published;
    private transient Counter tombstones;
    private transient Counter held;
    private transient Map<String, Counter> heldByReason;
    private transient MetricGroup group;

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup();
        published = group.counter("published");
        tombstones = group.counter("tombstones");
        held = group.counter("held");
        heldByReason = new HashMap<>();
    }

    @Override
    public ActivityRow map(ActivityRow r) {
        if (r.isDeleted) {
            r.heldReason = "";
            r.organizationName = "";
            r.organizationCountryCode = io.lambdasuite.udfs.rules.CountryCodes.UNKNOWN;
            tombstones.inc();
            return r;
        }
        r.heldReason = Validity.heldReason(r.memberReason, r.repositoryReason, r.segmentReason);
        if (r.heldReason.isEmpty()) {
            published.inc();
        } else {
            held.inc();
            heldByReason.computeIfAbsent(r.heldReason, k -> group.counter("held_" + k.replace('-', '_'))).inc();
        }
        return r;
    }
}
