package io.lambdasuite.jobs.schedule;

import java.util.Objects;

/** What a {@link ScheduledJob} reports for one run: the outcome and a one-line message for the job log. */
public record RunResult(RunOutcome outcome, String message) {

    public RunResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static RunResult succeeded(String message) {
        return new RunResult(RunOutcome.SUCCEEDED, message);
    }

    public static RunResult skipped(String message) {
        return new RunResult(RunOutcome.SKIPPED, message);
    }

    public static RunResult failed(String message) {
        return new RunResult(RunOutcome.FAILED, message);
    }
}
