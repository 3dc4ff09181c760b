package io.lambdasuite.jobs.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job on a cron schedule, with the jobs chained after it: they run right after each successful run of the
 * job, with the same request (so the same snapshot id), e.g. prune after merge.
 */
public record JobSchedule(ScheduledJob job, CronSchedule cron, List<ScheduledJob> then) {

    public JobSchedule {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(cron, "cron");
        then = List.copyOf(then);
    }

    public static JobSchedule of(ScheduledJob job, String cronExpression, ScheduledJob... then) {
        return new JobSchedule(job, CronSchedule.parse(cronExpression), List.of(then));
    }

    /** The job followed by its chained jobs, in run order. */
    public List<ScheduledJob> chain() {
        List<ScheduledJob> chain = new ArrayList<>();
        chain.add(job);
        chain.addAll(then);
        return chain;
    }
}
