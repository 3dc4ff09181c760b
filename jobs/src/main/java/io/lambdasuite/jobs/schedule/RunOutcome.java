package io.lambdasuite.jobs.schedule;

import java.util.Locale;

/** How a run ended, as written to the job log's {@code outcome} column. */
public enum RunOutcome {
    SUCCEEDED,
    FAILED,
    /** Not run (a chained job whose predecessor did not succeed), or the job decided there was nothing to do. */
    SKIPPED;

    /** The lower-case value in the log, e.g. {@code succeeded}. */
    public String logValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunOutcome fromLogValue(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
