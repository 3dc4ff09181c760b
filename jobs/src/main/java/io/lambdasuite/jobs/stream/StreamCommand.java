package io.lambdasuite.jobs.stream;

import io.lambdasuite.jobs.common.ConfigOptionsCli;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lambda stream}: the streaming enrichment job (options: {@link StreamOptions}). */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        description = {
            "Reads Sequin CDC (Kafka topics or NDJSON files), keeps the latest version per key, joins the dimensions"
                    + " in keyed state and writes the MV datasets as snapshot-partitioned Parquet, exactly once.",
            "Runs until cancelled, until a bounded file input ends, or with --stop-when-caught-up until everything"
                    + " present at start is read (then stops with a savepoint; resume with --from-savepoint)."
        })
public final class StreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** A command line for this command with every option of {@link StreamOptions}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new StreamCommand());
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), StreamOptions.ALL);
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Configuration options = ConfigOptionsCli.toConfiguration(spec, StreamOptions.ALL);
        try {
            StreamJob.validate(options);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StreamJob.Result result = StreamJob.run(options, msg -> System.err.println("[stream] " + msg));
        if (result.savepointPath != null) {
            System.out.println("savepoint: " + result.savepointPath);
        }
        return 0;
    }
}
