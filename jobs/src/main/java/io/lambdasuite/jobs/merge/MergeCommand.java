package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.common.ConfigOptionsCli;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lambda merge}: publishes one serving snapshot (options: {@link MergeOptions}). */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes serving snapshot S of activityRelations_deduplicated_cleaned: the previous snapshot plus every"
                    + " MV file not merged yet (partition <= S), newest version per key, tombstones dropped, filters"
                    + " and enrichment re-applied with the current dimensions (merged from their MV datasets too).",
            "Atomic and idempotent: a snapshot already published, or older than the latest, is left as it is.",
            "--dataset pull_requests publishes the one snapshot of pull_requests_analyzed instead (replace mode): the PR"
                    + " rule over the PR events of an activities snapshot, recomputing only the pull requests touched"
                    + " since the previous run."
        })
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MergeCommand());
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), MergeOptions.ALL);
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Configuration options = ConfigOptionsCli.toConfiguration(spec, MergeOptions.ALL);
        try {
            MergeJob.snapshotId(options.get(MergeOptions.SNAPSHOT), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (options.get(MergeOptions.DATASET) == MergeOptions.Dataset.PULL_REQUESTS) {
            PullRequestMergeJob.run(options, Clock.systemUTC(), msg -> System.out.println("[merge] " + msg), false);
            return 0;
        }
        MergeJob.run(options, Clock.systemUTC(), msg -> System.out.println("[merge] " + msg));
        return 0;
    }
}
