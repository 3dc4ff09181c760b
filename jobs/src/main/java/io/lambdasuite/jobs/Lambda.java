package io.lambdasuite.jobs;

// TEMP import io.lambdasuite.jobs.generate.GenerateCommand;
import io.lambdasuite.jobs.stream.StreamCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point of the shaded jar: {@code lambda <command> [options]}. Every command lists its options
 * with their defaults under {@code --help}.
 */
@Command(
        name = "lambda",
        mixinStandardHelpOptions = true,
        version = "lambda 0.1.0",
        description = "Flink jobs that turn Sequin CDC of activityRelations into snapshot-partitioned Parquet.",
        subcommands = {/* TEMP GenerateCommand.class, */ CommandLine.HelpCommand.class})
public final class Lambda implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and the demo). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The full command tree; commands built from Flink options are added programmatically. */
    public static CommandLine commandLine() {
        return new CommandLine(new Lambda())
                .addSubcommand(StreamCommand.commandLine())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
