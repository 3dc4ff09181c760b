package io.lambdasuite.jobs.stream;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The TTL of the pull-request state, a backstop of a year for PRs never resolved (their timers clear the others):
 * expires on creation and write, never returns an expired value; expired entries are dropped when read, from full
 * snapshots, and by RocksDB's compaction filter. The heap backend's incremental cleanup is off: it visits and copies
 * whole entries on every state access, which a profile of the streaming job put at about a fifth of its task time,
 * to enforce a bound that a year-long TTL hardly needs. (The dedup TTL keeps it: there it bounds the state.)
 */
final class StateTtl {
    /** Entries RocksDB's compaction filter processes before it refreshes the current time. */
    private static final long COMPACTION_QUERY_TIME_AFTER = 1000;

    private StateTtl() {}

    static StateTtlConfig of(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .cleanupInRocksdbCompactFilter(COMPACTION_QUERY_TIME_AFTER)
                .build();
    }
}
