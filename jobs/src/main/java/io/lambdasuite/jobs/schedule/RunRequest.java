package io.lambdasuite.jobs.schedule;

import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Instant;
import java.util.Objects;

/**
 * One run to do: the fire time it stands for, the snapshot id derived from that time (SPEC §4: from the
 * schedule, never the wall clock, so a run that starts late still builds the scheduled hour), and how many fire
 * times it covers.
 *
 * @param scheduledAt the (latest) fire time this run stands for; for on-demand runs, the requested time
 * @param snapshotId start of the UTC hour of {@code scheduledAt}
 * @param firesCovered how many fire times this one run covers (1 normally; more after downtime or an overrun,
 *     because missed runs are caught up by one run, not replayed one by one)
 * @param trigger scheduled or on demand
 */
public record RunRequest(Instant scheduledAt, Instant snapshotId, int firesCovered, Trigger trigger) {

    public RunRequest {
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(trigger, "trigger");
        if (firesCovered < 1) {
            throw new IllegalArgumentException("firesCovered must be >= 1, was " + firesCovered);
        }
    }

    /** A scheduled run for fire time {@code fireTime} that covers {@code firesCovered} fire times. */
    public static RunRequest scheduled(Instant fireTime, int firesCovered) {
        return new RunRequest(fireTime, snapshotIdOf(fireTime), firesCovered, Trigger.SCHEDULE);
    }

    /** An on-demand run whose snapshot id is the UTC hour of {@code at} (the CLI defaults it to now). */
    public static RunRequest onDemand(Instant at) {
        return new RunRequest(at, snapshotIdOf(at), 1, Trigger.ON_DEMAND);
    }

    /** Start of the UTC hour of {@code time}. */
    public static Instant snapshotIdOf(Instant time) {
        return Instant.ofEpochMilli(SnapshotIds.hourOf(time.toEpochMilli()));
    }

    /** True if this run stands for several fire times that passed without a run. */
    public boolean catchUp() {
        return firesCovered > 1;
    }

    /** The job log's {@code missedRuns}: the fire times a catch-up run covers, 0 for a run of a single fire time. */
    public int missedRuns() {
        return catchUp() ? firesCovered : 0;
    }
}
