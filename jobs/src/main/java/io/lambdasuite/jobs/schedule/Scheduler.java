package io.lambdasuite.jobs.schedule;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs jobs on their cron schedules (SPEC §4-§5): one thread, one run at a time, so a job never overlaps itself
 * and a chain (merge then prune) runs sequentially.
 *
 * <p>Catch-up: when several fire times of a job passed without a run (the process was down, or a run overran),
 * the job runs once, for the latest of them (its snapshot id), with {@code missedRuns} saying how many fire
 * times the run covers. The merge brings serving up to date in one run, so replaying each hour would only
 * repeat work.
 *
 * <p>State: the last fire time handled per job comes from the {@link JobLog} on start, so a restarted scheduler
 * neither replays old fire times nor forgets one missed while it was down. With no log entry yet, the scheduler
 * starts from its start time (it does not invent history) and waits for the next fire time.
 *
 * <p>Not covered: two scheduler processes on the same log; deploy a single instance.
 */
public final class Scheduler {
    private final List<JobSchedule> schedules;
    private final Clock clock;
    private final Sleeper sleeper;
    private final JobRunner runner;
    /** Per scheduled job: every fire time at or before this instant was handled. */
    private final Map<String, Instant> handledUpTo = new LinkedHashMap<>();

    public Scheduler(List<JobSchedule> schedules, Clock clock, Sleeper sleeper, JobLog log) throws IOException {
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("Nothing to schedule: no job schedules given.");
        }
        this.schedules = List.copyOf(schedules);
        this.clock = clock;
        this.sleeper = sleeper;
        this.runner = new JobRunner(clock, log);
        Instant start = clock.instant();
        for (JobSchedule s : this.schedules) {
            String name = JobLog.checkJobName(s.job().name());
            if (handledUpTo.containsKey(name)) {
                throw new IllegalArgumentException("Job '" + name + "' is scheduled twice.");
            }
            handledUpTo.put(name, log.lastScheduledFire(name).orElse(start));
        }
    }

    /** Runs until the thread is interrupted. */
    public void runForever() throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            tick();
        }
        throw new InterruptedException("Scheduler interrupted");
    }

    /** Runs {@code ticks} ticks (see {@link #tick()}); for tests and bounded runs. */
    public void run(int ticks) throws InterruptedException {
        for (int i = 0; i < ticks; i++) {
            tick();
        }
    }

    /**
     * One tick: sleeps until at least one job is due (not at all if one already is), then runs every due job
     * once, with its chain. Returns the records written.
     */
    public List<JobRunRecord> tick() throws InterruptedException {
        awaitDue();
        List<JobRunRecord> records = new ArrayList<>();
        for (JobSchedule s : schedules) {
            String name = s.job().name();
            // Read the clock per job: an earlier job's run may have taken long enough to make more fire times due.
            Optional<CronSchedule.DueFires> due = s.cron().firesBetween(handledUpTo.get(name), clock.instant());
            if (due.isPresent()) {
                records.addAll(runner.runChain(s.chain(), RunRequest.scheduled(due.get().latest(), due.get().count())));
                handledUpTo.put(name, due.get().latest());
            }
        }
        return records;
    }

    /** Sleeps until the earliest next fire time; loops only if woken early, so never busy-waits. */
    private void awaitDue() throws InterruptedException {
        while (true) {
            Instant now = clock.instant();
            Instant next = nextFire();
            if (!next.isAfter(now)) {
                return;
            }
            sleeper.sleep(Duration.between(now, next));
        }
    }

    /** The earliest fire time after what each job has handled. */
    private Instant nextFire() {
        Instant earliest = null;
        for (JobSchedule s : schedules) {
            Optional<Instant> next = s.cron().next(handledUpTo.get(s.job().name()));
            if (next.isPresent() && (earliest == null || next.get().isBefore(earliest))) {
                earliest = next.get();
            }
        }
        if (earliest == null) {
            throw new IllegalStateException("No schedule fires again: " + schedules);
        }
        return earliest;
    }

    /** The runner this scheduler uses, for on-demand runs in the same process (they share the overlap guard). */
    public JobRunner runner() {
        return runner;
    }
}
