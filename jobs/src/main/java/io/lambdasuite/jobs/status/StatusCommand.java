package io.lambdasuite.jobs.status;

import io.lambdasuite.jobs.common.ConfigOptionsCli;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lambda status}: the troubleshooting checklist over a base path, as tables or JSON, with an exit code
 * for alerting ({@link StatusReport#EXIT_OK}, {@link StatusReport#EXIT_STALE}, {@link StatusReport#EXIT_ERROR},
 * {@link StatusReport#EXIT_USAGE}).
 */
@Command(name = "status", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = StatusReport.EXIT_USAGE,
        description = {
            "Per snapshot dataset the latest published snapshot, its age and rows, the MV rows waiting to be merged"
                    + " and the oldest of them; the last runs of each scheduled job; dead letters of the last day"
                    + " by reason. Read only.",
            "Exit codes: 0 serving fresh, 2 serving older than --max-age or missing, 1 error, 64 bad usage."
        })
public final class StatusCommand implements Callable<Integer> {
    private final Clock clock;

    @Spec
    CommandSpec spec;

    private StatusCommand(Clock clock) {
        this.clock = clock;
    }

    public static CommandLine commandLine() {
        return commandLine(Clock.systemUTC());
    }

    /** The command reading time from {@code clock} (tests). */
    public static CommandLine commandLine(Clock clock) {
        CommandLine cl = new CommandLine(new StatusCommand(clock));
        ConfigOptionsCli.addOptions(cl.getCommandSpec(), StatusOptions.ALL);
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Configuration o = ConfigOptionsCli.toConfiguration(spec, StatusOptions.ALL);
        if (o.get(StatusOptions.RUNS) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must not be negative");
        }
        if (o.get(StatusOptions.MAX_AGE).isNegative() || o.get(StatusOptions.DEAD_LETTER_WINDOW).isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-age and --dead-letter-window must not be negative");
        }
        StatusReport report = StatusCollector.collect(o, clock);
        PrintWriter out = spec.commandLine().getOut();
        out.print(o.get(StatusOptions.JSON) ? StatusJson.render(report) : StatusTable.render(report));
        out.flush();
        return report.exitCode();
    }
}
