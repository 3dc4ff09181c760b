package io.lambdasuite.jobs.schedule;

import io.lambdasuite.jobs.bootstrap.SegmentAggregatesJob;
import io.lambdasuite.jobs.common.ConfigOptionsCli;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.PullRequestMergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.merge.PruneJob;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lambda schedule}: runs the snapshot merge on its cron schedule (default {@code 10 * * * *}, UTC) with
 * the segment aggregates refresh (option) and prune right after each successful merge; each run takes its snapshot id from its scheduled time, missed runs
 * are caught up by one run, runs never overlap, and every run is written to the job log. {@code --run-now}
 * runs one job on demand through the same runner and log.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, description = {
    "Runs lambda merge on a cron schedule (UTC), then the segments_aggregated refresh and lambda prune after each"
            + " successful merge, and the pull-request merge on its own schedule; logs every run"
            + " (one JSON file per run; query with DuckDB read_json_auto('<job-log-dir>/*/*.json'))."})
public final class ScheduleCommand implements Callable<Integer> {
    static final List<ConfigOption<?>> OPTIONS = List.of(MergeOptions.BASE_PATH, MergeOptions.PARALLELISM,
            ScheduleOptions.MERGE_CRON, ScheduleOptions.SEGMENT_AGGREGATES, ScheduleOptions.PR_MERGE_CRON,
            ScheduleOptions.JOB_LOG_DIR, ScheduleOptions.RUN_NOW, PruneJob.SERVING_TTL, PruneJob.MV_TTL);

    @Spec
    CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ScheduleCommand());
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), OPTIONS);
        return cl;
    }

    /** What a scheduled job does: its run, given the lines of progress it prints (prefixed with its name). */
    interface JobBody {
        RunResult run(RunRequest request, List<String> lines) throws Exception;
    }

    /** A scheduled job whose progress lines are printed, prefixed with its name, once it has run. */
    static ScheduledJob job(String name, JobBody body) {
        return new ScheduledJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public RunResult run(RunRequest request) throws Exception {
                List<String> lines = new ArrayList<>();
                RunResult r = body.run(request, lines);
                lines.forEach(l -> System.out.println("[" + name + "] " + l));
                return r;
            }
        };
    }

    /** The merge as a scheduled job: the snapshot id is the run's, never the wall clock's. */
    public static ScheduledJob merge(Configuration o) {
        return job("merge", (request, lines) -> {
            Configuration c = new Configuration(o);
            c.set(MergeOptions.SNAPSHOT, SnapshotIds.partitionValue(request.snapshotId().toEpochMilli()));
            MergeJob.Result r = MergeJob.run(c, Clock.systemUTC(), lines::add);
            return RunResult.succeeded(String.format("%s %s: %d rows, %d held, %d MV files",
                    SnapshotIds.partitionValue(r.snapshotId), r.outcome.name().toLowerCase(), r.rows, r.heldRows,
                    r.mvFilesConsumed));
        });
    }

    /** The pull-request merge as a scheduled job: over the latest published activities snapshot. */
    public static ScheduledJob pullRequests(Configuration o) {
        return job("pull-requests", (request, lines) -> {
            PullRequestMergeJob.Result r = PullRequestMergeJob.run(o, Clock.systemUTC(), lines::add, false);
            return RunResult.succeeded(String.format("%s %s: %d pull requests (%s)",
                    SnapshotIds.partitionValue(r.snapshotId), r.outcome.name().toLowerCase(), r.rows,
                    r.full ? "full" : "incremental"));
        });
    }

    /** segments_aggregated from the latest published activities snapshot (the one the merge just published). */
    static ScheduledJob segmentAggregates(Configuration o) {
        return job("segment-aggregates", (request, lines) ->
                RunResult.succeeded(SegmentAggregatesJob.run(o, Clock.systemUTC(), lines::add).describe()));
    }

    /** What runs after each successful merge, in order: segment aggregates (unless turned off), then prune. */
    static List<ScheduledJob> afterMerge(Configuration o) {
        List<ScheduledJob> then = new ArrayList<>();
        if (o.get(ScheduleOptions.SEGMENT_AGGREGATES)) {
            then.add(segmentAggregates(o));
        }
        then.add(prune(o));
        return then;
    }

    /** Prune as a scheduled job. */
    public static ScheduledJob prune(Configuration o) {
        return job("prune", (request, lines) -> {
            PruneJob.run(o, Clock.systemUTC(), lines::add);
            return RunResult.succeeded(String.join("; ", lines));
        });
    }

    @Override
    public Integer call() throws Exception {
        Configuration o = ConfigOptionsCli.toConfiguration(spec, OPTIONS);
        CronSchedule cron = cron(o.get(ScheduleOptions.MERGE_CRON), "--merge-cron");
        String prCron = o.get(ScheduleOptions.PR_MERGE_CRON).trim();
        CronSchedule pullRequestsCron = prCron.isEmpty() ? null : cron(prCron, "--pull-requests-cron");
        String logDir = ScheduleOptions.jobLogDir(o);
        JobLog log = new JobLog(logDir);
        ScheduledJob merge = merge(o);
        ScheduledJob prune = prune(o);
        List<ScheduledJob> afterMerge = afterMerge(o);
        String now = o.get(ScheduleOptions.RUN_NOW);
        if (!now.isEmpty()) {
            JobRunner runner = new JobRunner(Clock.systemUTC(), log);
            RunRequest request = RunRequest.onDemand(Clock.systemUTC().instant());
            List<JobRunRecord> records;
            switch (now) {
                case "merge":
                    List<ScheduledJob> chain = new ArrayList<>(List.of(merge));
                    chain.addAll(afterMerge);
                    records = runner.runChain(chain, request);
                    break;
                case "segment-aggregates":
                    records = List.of(runner.run(segmentAggregates(o), request));
                    break;
                case "prune":
                    records = List.of(runner.run(prune, request));
                    break;
                case "pull-requests":
                    records = List.of(runner.run(pullRequests(o), request));
                    break;
                default:
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--run-now expects merge, segment-aggregates, prune or pull-requests");
            }
            records.forEach(r -> System.out.println("[schedule] " + r.job() + ": " + r.outcome() + " " + r.message()));
            return records.stream().allMatch(r -> r.outcome() != RunOutcome.FAILED) ? 0 : 1;
        }
        List<JobSchedule> schedules = new ArrayList<>();
        schedules.add(new JobSchedule(merge, cron, afterMerge));
        if (pullRequestsCron != null) {
            schedules.add(new JobSchedule(pullRequests(o), pullRequestsCron, List.of()));
        }
        System.out.println("[schedule] merge on '" + cron.expression() + "' (UTC), then "
                + afterMerge.stream().map(ScheduledJob::name).toList() + " after each merge"
                + (pullRequestsCron == null ? "" : "; pull requests on '" + pullRequestsCron.expression() + "'")
                + "; job log " + logDir);
        new Scheduler(schedules, Clock.systemUTC(), Sleeper.threadSleep(), log).runForever();
        return 0;
    }

    private CronSchedule cron(String expression, String option) {
        try {
            return CronSchedule.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
