package io.lambdasuite.jobs.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A test job that records its requests, takes a scripted time on the fake clock, and fails when told to.
 * Also records how many of its runs were in progress at once.
 */
final class RecordingJob implements ScheduledJob {
    private final String name;
    private final FakeClock clock;
    private final List<RunRequest> requests = new ArrayList<>();
    private final List<Instant> startedAt = new ArrayList<>();
    private Function<Integer, Duration> durationOfRun = run -> Duration.ofMinutes(5);
    private Function<Integer, Boolean> failOnRun = run -> false;
    private List<String> sharedEvents = new ArrayList<>();
    private int inProgress;
    private int maxInProgress;

    RecordingJob(String name, FakeClock clock) {
        this.name = name;
        this.clock = clock;
    }

    /** Run n (0-based) takes {@code f(n)} on the fake clock. */
    RecordingJob taking(Function<Integer, Duration> f) {
        this.durationOfRun = f;
        return this;
    }

    /** Run n (0-based) throws if {@code f(n)}. */
    RecordingJob failingOn(Function<Integer, Boolean> f) {
        this.failOnRun = f;
        return this;
    }

    /** Appends "name@scheduledAt" to a list shared between jobs, to check their order. */
    RecordingJob events(List<String> events) {
        this.sharedEvents = events;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RunResult run(RunRequest request) {
        int run = requests.size();
        requests.add(request);
        startedAt.add(clock.instant());
        sharedEvents.add(name + "@" + request.scheduledAt());
        inProgress++;
        maxInProgress = Math.max(maxInProgress, inProgress);
        try {
            clock.advance(durationOfRun.apply(run));
            if (failOnRun.apply(run)) {
                throw new IllegalStateException(name + " broke on run " + run);
            }
            return RunResult.succeeded(name + " done for " + request.snapshotId());
        } finally {
            inProgress--;
        }
    }

    List<RunRequest> requests() {
        return requests;
    }

    List<Instant> scheduledTimes() {
        return requests.stream().map(RunRequest::scheduledAt).toList();
    }

    List<Instant> startedAt() {
        return startedAt;
    }

    int maxInProgress() {
        return maxInProgress;
    }
}
