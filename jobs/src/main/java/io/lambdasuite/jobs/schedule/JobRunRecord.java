package io.lambdasuite.jobs.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the job log: what ran, for which fire time and snapshot, when, how long, and how it ended.
 * Field names are the columns readers see in DuckDB ({@code read_json_auto('<dir>/*}{@code /*.json')}).
 */
public record JobRunRecord(
        String job,
        Trigger trigger,
        Instant scheduledAt,
        Instant snapshotId,
        Instant startedAt,
        Instant finishedAt,
        RunOutcome outcome,
        int missedRuns,
        String message) {

    public JobRunRecord {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The record of {@code job} run for {@code request} between {@code startedAt} and {@code finishedAt}. */
    public static JobRunRecord of(String job, RunRequest request, Instant startedAt, Instant finishedAt, RunResult result) {
        return new JobRunRecord(job, request.trigger(), request.scheduledAt(), request.snapshotId(), startedAt,
                finishedAt, result.outcome(), request.missedRuns(), result.message());
    }

    public long durationMs() {
        return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
