package io.lambdasuite.jobs.bootstrap;

import io.lambdasuite.jobs.common.ConfigOptionsCli;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.merge.PullRequestMergeJob;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lambda bootstrap pull-requests} (SPEC §7): the initial {@code pull_requests_analyzed} snapshot, the PR
 * rule over every PR event of the latest published activities snapshot. The same job as
 * {@code lambda merge --dataset pull_requests}, always recomputing every PR; replace mode, staged and published
 * atomically, and idempotent: over an activities snapshot whose PR snapshot is already published it changes
 * nothing.
 */
@Command(
        name = "pull-requests",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes pull_requests_analyzed from the latest published activities snapshot (or --snapshot): every"
                    + " pull request recomputed by the PR rule, the previous PR snapshot replaced after the new one is"
                    + " published. Rerunning over the same activities snapshot changes nothing."
        })
public final class PullRequestsBootstrapCommand implements Callable<Integer> {
    static final List<ConfigOption<?>> OPTIONS =
            List.of(MergeOptions.BASE_PATH, MergeOptions.SNAPSHOT, MergeOptions.PARALLELISM);

    @Spec
    CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PullRequestsBootstrapCommand());
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), OPTIONS);
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Configuration options = ConfigOptionsCli.toConfiguration(spec, OPTIONS);
        PullRequestMergeJob.run(options, Clock.systemUTC(), msg -> System.out.println("[bootstrap] " + msg), true);
        return 0;
    }
}
