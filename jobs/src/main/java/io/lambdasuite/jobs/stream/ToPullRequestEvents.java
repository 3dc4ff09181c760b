package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Picks the PR events out of the enriched activity versions (published rows, held rows and tombstones alike: a
 * held row or a tombstone takes its event out of the PR, reference-schema.md §5) and keys them by PR. Events of a
 * PR type without a PR key are dropped and counted in {@code pullRequestEventsWithoutKey}.
 */
final class ToPullRequestEvents extends RichFlatMapFunction<ActivityRow, PullRequestEvent> {
    private static final long serialVersionUID = 1L;

    private transient Counter withoutKey;

    @Override
    public void open(OpenContext openContext) {
        withoutKey = getRuntimeContext().getMetricGroup().counter("pullRequestEventsWithoutKey");
    }

    @Override
    public void flatMap(ActivityRow row, Collector<PullRequestEvent> out) {
        if (!PullRequestTypes.isPullRequestType(row.type)) {
            return;
        }
        PullRequestEvent e = PullRequestEvent.of(row);
        if (e.pullRequestKey.isEmpty()) {
            withoutKey.inc();
            return;
        }
        out.collect(e);
    }
}
