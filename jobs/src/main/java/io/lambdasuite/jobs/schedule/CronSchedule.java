package io.lambdasuite.jobs.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A 5-field UNIX cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in UTC, parsed
 * and evaluated by cron-utils rather than a hand-rolled parser. Snapshot ids are UTC hours, so the schedule is
 * UTC too: no daylight-saving gaps or repeated hours.
 */
public final class CronSchedule {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses {@code expression}; the error names the expression and the expected form. */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw invalid(expression, "it is empty");
        }
        String trimmed = expression.trim();
        try {
            Cron cron = PARSER.parse(trimmed);
            cron.validate();
            return new CronSchedule(trimmed, cron);
        } catch (IllegalArgumentException e) {
            throw invalid(trimmed, e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String expression, String reason) {
        return new IllegalArgumentException("Invalid cron expression '" + expression + "': " + reason
                + ". Expected 5 UNIX cron fields in UTC (minute hour day-of-month month day-of-week),"
                + " e.g. '10 * * * *' for every hour at minute 10.");
    }

    public String expression() {
        return expression;
    }

    /** The first fire time strictly after {@code time}; empty if the expression never fires again. */
    public Optional<Instant> next(Instant time) {
        return executionTime.nextExecution(utc(time)).map(ZonedDateTime::toInstant);
    }

    /** The last fire time strictly before {@code time}. */
    public Optional<Instant> previous(Instant time) {
        return executionTime.lastExecution(utc(time)).map(ZonedDateTime::toInstant);
    }

    /**
     * The fire times in {@code (after, upTo]}, summarised as the latest one and how many there are; empty if
     * none. This is what a catch-up run needs: one run for the latest, knowing how many it covers.
     */
    public Optional<DueFires> firesBetween(Instant after, Instant upTo) {
        Instant latest = null;
        int count = 0;
        Optional<Instant> fire = next(after);
        while (fire.isPresent() && !fire.get().isAfter(upTo)) {
            latest = fire.get();
            count++;
            fire = next(latest);
        }
        return latest == null ? Optional.empty() : Optional.of(new DueFires(latest, count));
    }

    private static ZonedDateTime utc(Instant time) {
        return time.atZone(ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return expression + " (UTC)";
    }

    /** The latest due fire time and how many fire times were due. */
    public record DueFires(Instant latest, int count) {}
}
