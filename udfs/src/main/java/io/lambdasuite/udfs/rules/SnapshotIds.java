package io.lambdasuite.udfs.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Snapshot ids and their partition names (SPEC §3, §8). */
public final class SnapshotIds {
    public static final long HOUR_MS = 3_600_000L;

    /** Partition directory names: fixed width, sort in time order, no colons. */
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private SnapshotIds() {}

    /** Start of the UTC hour of {@code epochMs}. */
    public static long hourOf(long epochMs) {
        return Math.floorDiv(epochMs, HOUR_MS) * HOUR_MS;
    }

    /** {@code snapshotId = start of the UTC hour of updatedAt + 1 hour}. */
    public static long snapshotIdOf(long updatedAtMs) {
        return hourOf(updatedAtMs) + HOUR_MS;
    }

    /** The partition value for a snapshot id, e.g. {@code 2024-05-01T11}. */
    public static String partitionValue(long snapshotIdMs) {
        return PARTITION.format(Instant.ofEpochMilli(snapshotIdMs));
    }

    /** The partition directory for a snapshot id, e.g. {@code snapshot=2024-05-01T11}. */
    public static String partitionDir(long snapshotIdMs) {
        return "snapshot=" + partitionValue(snapshotIdMs);
    }
}
