package io.lambdasuite.jobs;

import io.lambdasuite.jobs.bench.BenchCommand;
import io.lambdasuite.jobs.bootstrap.BootstrapCommand;
import io.lambdasuite.jobs.demo.DemoCommand;
import io.lambdasuite.jobs.generate.GenerateCommand;
import io.lambdasuite.jobs.merge.MergeCommand;
import io.lambdasuite.jobs.merge.PruneCommand;
import io.lambdasuite.jobs.schedule.ScheduleCommand;
import io.lambdasuite.jobs.status.StatusCommand;
import io.lambdasuite.jobs.stream.StreamCommand;
import io.lambdasuite.jobs.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one entry point of the shaded jar: {@code lambda <command> [options]}. Every command lists its options
 * with their defaults under {@code --help}.
 */
@Command(
        name = "lambda",
        mixinStandardHelpOptions = true,
        version = "lambda 0.1.0",
        description = "Flink jobs that turn Sequin CDC of activityRelations into snapshot-partitioned Parquet.",
        subcommands = {
            DemoCommand.class, GenerateCommand.class, VerifyCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Lambda implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and the demo). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        if (args.length == 0 || (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0])))) {
            System.out.print(fullHelp(cl));
            return 0;
        }
        return cl.execute(args);
    }

    /** The top-level usage followed by every command's usage, so one --help shows every option and default. */
    public static String fullHelp(CommandLine cl) {
        StringBuilder sb = new StringBuilder(cl.getUsageMessage());
        appendSubcommands(sb, cl, "lambda");
        return sb.toString();
    }

    private static void appendSubcommands(StringBuilder sb, CommandLine cl, String path) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!"help".equals(sub.getCommandName())) {
                String name = path + " " + sub.getCommandName();
                sb.append(System.lineSeparator()).append("=== ").append(name)
                        .append(System.lineSeparator()).append(sub.getUsageMessage());
                appendSubcommands(sb, sub, name);
            }
        }
    }

    /** The full command tree; commands built from Flink options are added programmatically. */
    public static CommandLine commandLine() {
        return new CommandLine(new Lambda())
                .addSubcommand(StreamCommand.commandLine())
                .addSubcommand(MergeCommand.commandLine())
                .addSubcommand(PruneCommand.commandLine())
                .addSubcommand(ScheduleCommand.commandLine())
                .addSubcommand(StatusCommand.commandLine())
                .addSubcommand(BootstrapCommand.commandLine())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        System.out.print(fullHelp(spec.commandLine()));
    }
}
