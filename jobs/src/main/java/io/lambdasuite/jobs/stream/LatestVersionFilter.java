package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.rules.VersionOrder;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the latest version per dedup key (SPEC §2) and lets through only versions newer than it: the
 * ReplacingMergeTree of the original, decided at ingestion. A delete becomes a tombstone version, kept so
 * that a late, older insert cannot resurrect the row. {@code unchanged_toast} columns are filled from the
 * kept version.
 *
 * <p>State: one {@link ActivityRow} per key, in {@link #LATEST}; cleared by state TTL after the configured
 * time without a write (option {@code state.dedup-ttl}; 0 keeps it forever). A version older than a key
 * whose state has expired is let through again, so the TTL must exceed the longest redelivery delay; the
 * merge still orders versions by the same rule, so such a row never overrides a newer one there.
 * Metrics: {@code newVersions}, {@code duplicates} (same triple), {@code staleVersions} (older),
 * {@code toastUnresolved} (toast with no earlier version: the column keeps its default).
 */
public final class LatestVersionFilter extends KeyedProcessFunction<String, ActivityRow, ActivityRow> {
    private static final long serialVersionUID = 1L;

    /** The latest version seen per dedup key. Shared with bootstrap code that builds the same state. */
    public static final ValueStateDescriptor<ActivityRow> LATEST =
            new ValueStateDescriptor<>("latest-version", TypeInformation.of(ActivityRow.class));

    private final Duration ttl;
    private transient ValueState<ActivityRow> latest;
    private transient Counter newVersions;
    private transient Counter duplicates;
    private transient Counter staleVersions;
    private transient Counter toastUnresolved;

    public LatestVersionFilter(Duration ttl) {
        this.ttl = ttl;
    }

    /** Entries the heap backend's TTL sweep visits per state access. */
    static final int HEAP_CLEANUP_ENTRIES_PER_ACCESS = 1;

    /** The descriptor of {@link #LATEST} with the TTL of option {@code state.dedup-ttl} (0 or null: none). */
    public static ValueStateDescriptor<ActivityRow> latestDescriptor(Duration ttl) {
        ValueStateDescriptor<ActivityRow> descriptor =
                new ValueStateDescriptor<>(LATEST.getName(), TypeInformation.of(ActivityRow.class));
        if (ttl != null && !ttl.isZero()) {
            // Expired keys leave from full snapshots, RocksDB compactions and, on the heap backend, an incremental
            // sweep of one entry per state access (Flink's default visits five: a twentieth of the job's CPU in a
            // profile), which still passes over every key once per as many records as there are keys.
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .cleanupFullSnapshot()
                    .cleanupIncrementally(HEAP_CLEANUP_ENTRIES_PER_ACCESS, false)
                    .cleanupInRocksdbCompactFilter(1000)
                    .build());
        }
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(latestDescriptor(ttl));
        newVersions = getRuntimeContext().getMetricGroup().counter("newVersions");
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
        staleVersions = getRuntimeContext().getMetricGroup().counter("staleVersions");
        toastUnresolved = getRuntimeContext().getMetricGroup().counter("toastUnresolved");
    }

    @Override
    public void processElement(ActivityRow row, Context ctx, Collector<ActivityRow> out) throws Exception {
        ActivityRow current = latest.value();
        if (current != null) {
            int c = VersionOrder.compare(row, current);
            if (c == 0) {
                duplicates.inc();
                return;
            }
            if (c < 0) {
                staleVersions.inc();
                return;
            }
        }
        if (row.toastMask != 0) {
            if (!ActivityColumns.resolveToast(row, current)) {
                toastUnresolved.inc();
            }
            io.lambdasuite.udfs.cdc.EnvelopeParser.enrichPure(row); // git lines may have come from the toast
        }
        latest.update(row);
        newVersions.inc();
        out.collect(row);
    }
}
