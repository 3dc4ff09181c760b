package io.lambdasuite.jobs.serving;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Named steps of a run at which the fault tests kill it: {@link #at} is called as a run passes a step, and a
 * test's hook throws there, as a crash would stop the run. No hook is installed outside tests, and then
 * {@link #at} does nothing. The steps:
 * <ul>
 *   <li>{@code merge <snapshot>: batch job done}: the merge's files are staged, nothing is published;</li>
 *   <li>{@code publish <dataset>: files checked}: a publish is about to write the manifest;</li>
 *   <li>{@code publish <dataset>: manifest staged}: the manifest is in the staging directory, which is about
 *       to be renamed into place (rename strategy only).</li>
 * </ul>
 */
public final class FaultPoints {
    private static volatile Consumer<String> hook = step -> {};

    private FaultPoints() {}

    /** A run passes {@code step}. */
    public static void at(String step) {
        hook.accept(step);
    }

    /** Installs a test's hook until the returned handle is closed. */
    public static Installed install(Consumer<String> testHook) {
        hook = Objects.requireNonNull(testHook);
        return () -> hook = step -> {};
    }

    /** Removes the hook when closed. */
    public interface Installed extends AutoCloseable {
        @Override
        void close();
    }
}
