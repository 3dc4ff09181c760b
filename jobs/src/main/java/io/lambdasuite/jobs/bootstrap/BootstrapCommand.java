package io.lambdasuite.jobs.bootstrap;

import io.lambdasuite.jobs.common.ConfigOptionsCli;
import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lambda bootstrap <dataset>}: the initial snapshots (SPEC §7), bounded batch jobs run on demand. */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Initial snapshots in replace mode, staged and published atomically, re-runnable with identical results.")
public final class BootstrapCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** The command with its subcommands, whose options come from {@link BootstrapOptions}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BootstrapCommand());
        cl.addSubcommand(options(new Activities(), BootstrapOptions.ACTIVITIES));
        cl.addSubcommand(options(new SegmentAggregates(), BootstrapOptions.SEGMENT_AGGREGATES));
        cl.addSubcommand(PullRequestsBootstrapCommand.commandLine());
        return cl;
    }

    private static CommandLine options(Object command, List<ConfigOption<?>> all) {
        CommandLine cl = new CommandLine(command);
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), all);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "activities", mixinStandardHelpOptions = true, description = {
        "Builds the initial serving snapshot of activityRelations_deduplicated_cleaned and the current dimension tables"
                + " from the full current state of the raw tables: a bounded read of the Kafka topics from the earliest"
                + " offsets to the end offsets taken at start (or of NDJSON files), through the streaming job's own"
                + " parsing, latest-version and dimension code, then the merge's joins, filters and enrichment with the"
                + " final dimension versions. Publishes it as the newest snapshot (replace mode) and records in"
                + " <base-path>/_bootstrap/positions.json where lambda stream --starting-offsets bootstrap continues.",
        "Batch execution (sorted on disk, one key in memory at a time) and RocksDB for the handed-over state: data"
                + " larger than the heap is fine. A killed run publishes nothing; the next run removes its leftovers."})
    static final class Activities implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Configuration o = ConfigOptionsCli.toConfiguration(spec, BootstrapOptions.ACTIVITIES);
            try {
                BootstrapActivitiesJob.validate(o);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            BootstrapActivitiesJob.Result r = BootstrapActivitiesJob.run(o, Clock.systemUTC(),
                    msg -> System.out.println("[bootstrap] " + msg));
            System.out.printf("[bootstrap] snapshot %s published: %,d rows, %,d held; positions in %s%n",
                    SnapshotIds.partitionValue(r.snapshotId), r.rows, r.heldRows,
                    BootstrapPositions.path(StreamJob.absolute(o.get(StreamOptions.BASE_PATH))));
            return 0;
        }
    }

    @Command(name = "segment-aggregates", mixinStandardHelpOptions = true, description = {
        "Writes segments_aggregated from the latest published activities snapshot: per segmentId, over rows with"
                + " isContribution true, the distinct non-empty memberIds (contributorCount) and organizationIds"
                + " (organizationCount). One snapshot with the activities snapshot's id; a rerun for the same"
                + " snapshot changes nothing. lambda schedule refreshes it after each merge."})
    static final class SegmentAggregates implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Configuration o = ConfigOptionsCli.toConfiguration(spec, BootstrapOptions.SEGMENT_AGGREGATES);
            SegmentAggregatesJob.run(o, Clock.systemUTC(), msg -> System.out.println("[bootstrap] " + msg));
            return 0;
        }
    }
}
