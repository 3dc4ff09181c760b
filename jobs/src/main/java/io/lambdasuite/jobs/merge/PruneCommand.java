package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.common.ConfigOptionsCli;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lambda prune}: TTL pruning of serving snapshots and consumed MV files (options: {@link PruneJob}). */
@Command(name = "prune", mixinStandardHelpOptions = true, description = {
    "Removes serving snapshots older than --serving-ttl before the latest (never the latest) and MV files older than"
            + " --mv-ttl that the latest published snapshot has consumed (never unconsumed ones, never staging)."})
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PruneCommand());
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), PruneJob.ALL);
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        PruneJob.run(ConfigOptionsCli.toConfiguration(spec, PruneJob.ALL), Clock.systemUTC(),
                msg -> System.out.println("[prune] " + msg));
        return 0;
    }
}
