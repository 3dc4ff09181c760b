package io.lambdasuite.jobs.schedule;

/**
 * Why a run happened. Only {@link #SCHEDULE} runs define the scheduler's "last fire time handled": an
 * on-demand run at 12:31 must not make a restarted scheduler believe the 12:10 fire time was handled.
 */
public enum Trigger {
    SCHEDULE("schedule"),
    ON_DEMAND("on-demand");

    private final String logValue;

    Trigger(String logValue) {
        this.logValue = logValue;
    }

    /** The value in the job log's {@code trigger} column. */
    public String logValue() {
        return logValue;
    }

    public static Trigger fromLogValue(String value) {
        for (Trigger t : values()) {
            if (t.logValue.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown trigger '" + value + "'");
    }
}
