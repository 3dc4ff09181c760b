package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.rules.Validity;
import io.lambdasuite.udfs.rules.VersionOrder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the latest version of each repository (keyed by id), sends each newer version to the repositories MV
 * side output, and turns the change into {@link RepositoryDelta}s at (segmentId, url): minus the old version,
 * plus the new one. A repository can move to another URL or segment; the deltas keep the segment join's
 * counts exact without a second index. State: the latest version per id, kept like the table row.
 */
final class RepositoryVersions extends KeyedProcessFunction<String, RepositoryRow, RepositoryDelta> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<RepositoryRow> current;
    private transient Counter staleDimensionVersions;

    @Override
    public void open(OpenContext openContext) {
        current = getRuntimeContext().getState(DimensionJoin.currentDescriptor(RepositoryRow.class));
        staleDimensionVersions = getRuntimeContext().getMetricGroup().counter("staleDimensionVersions");
    }

    @Override
    public void processElement(RepositoryRow repo, Context ctx, Collector<RepositoryDelta> out) throws Exception {
        RepositoryRow previous = current.value();
        if (!VersionOrder.isNewer(repo, previous)) {
            staleDimensionVersions.inc();
            return;
        }
        repo.resolveToast(previous);
        current.update(repo);
        ctx.output(Tags.REPOSITORY_VERSIONS, repo);
        if (previous != null && !previous.isDeleted) {
            out.collect(new RepositoryDelta(
                    previous.segmentId, Validity.normalizeUrl(previous.url), -1, previous.usable() ? -1 : 0));
        }
        if (!repo.isDeleted) {
            out.collect(new RepositoryDelta(repo.segmentId, Validity.normalizeUrl(repo.url), 1, repo.usable() ? 1 : 0));
        }
    }
}
