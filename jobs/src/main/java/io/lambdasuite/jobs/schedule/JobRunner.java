package io.lambdasuite.jobs.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job, or a chain of jobs, for one {@link RunRequest} and logs each run's outcome. Shared by the
 * {@link Scheduler} and on-demand CLI runs, so both are timed, logged and guarded against overlap the same way.
 *
 * <p>A failing job (exception or a failed result) is logged as failed and does not propagate: the scheduler
 * keeps going. In a chain, each job runs only after its predecessor succeeded; otherwise it is logged as
 * skipped (prune must not run after a failed merge: it could remove data the merge has not consumed yet).
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Clock clock;
    private final JobLog log;
    /** Jobs running in this JVM, so an on-demand run cannot overlap a scheduled run of the same job. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public JobRunner(Clock clock, JobLog log) {
        this.clock = clock;
        this.log = log;
    }

    /** Runs {@code chain} in order for the same request (same snapshot id); returns one record per job. */
    public List<JobRunRecord> runChain(List<ScheduledJob> chain, RunRequest request) {
        List<JobRunRecord> records = new ArrayList<>();
        JobRunRecord previous = null;
        for (ScheduledJob job : chain) {
            JobRunRecord record;
            if (previous == null || previous.outcome() == RunOutcome.SUCCEEDED) {
                record = run(job, request);
            } else {
                Instant now = clock.instant();
                record = logged(JobRunRecord.of(job.name(), request, now, now, RunResult.skipped(
                        "not run: " + previous.job() + " " + previous.outcome().logValue())));
            }
            records.add(record);
            previous = record;
        }
        return records;
    }

    /** Runs one job for {@code request}, unless it is already running here (then it is logged as skipped). */
    public JobRunRecord run(ScheduledJob job, RunRequest request) {
        String name = JobLog.checkJobName(job.name());
        Instant startedAt = clock.instant();
        if (!running.add(name)) {
            return logged(JobRunRecord.of(name, request, startedAt, startedAt,
                    RunResult.skipped("not run: a run of " + name + " is still in progress")));
        }
        RunResult result;
        try {
            result = job.run(request);
            if (result == null) {
                result = RunResult.failed("job returned no result");
            }
        } catch (Exception e) {
            LOG.warn("Job {} failed for {}", name, request, e);
            result = RunResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            running.remove(name);
        }
        return logged(JobRunRecord.of(name, request, startedAt, clock.instant(), result));
    }

    private JobRunRecord logged(JobRunRecord record) {
        LOG.info("Job {} {} for scheduledAt={} snapshotId={} missedRuns={} in {} ms: {}", record.job(),
                record.outcome().logValue(), record.scheduledAt(), record.snapshotId(), record.missedRuns(),
                record.durationMs(), record.message());
        try {
            log.append(record);
        } catch (IOException e) {
            // Without the log entry a restarted scheduler would run this fire time again; stop rather than guess.
            throw new UncheckedIOException("Could not write the job log under " + log.dir(), e);
        }
        return record;
    }
}
