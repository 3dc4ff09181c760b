package io.lambdasuite.jobs.schedule;

import java.time.Duration;

/**
 * Waits between fire times. Production sleeps the thread; tests advance a fake clock instead, so scheduling
 * tests never wait on real time.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration} (positive). */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper threadSleep() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
