package io.lambdasuite.jobs.status;

import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.serving.SnapshotStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink gauge {@value #NAME}: milliseconds from the latest published serving snapshot's hour to now (what
 * {@code lambda status} calls its age), or -1 while none is published. The snapshot listing is refreshed at
 * most once per {@code refresh}, on the thread that reads the gauge (the metric reporter's), so a job without a
 * reporter never lists anything and one with a reporter lists once a minute at most. A failed listing keeps
 * the last known snapshot (the age keeps growing) and is logged once per failure streak.
 */
public final class SnapshotAgeGauge implements Gauge<Long> {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotAgeGauge.class);

    /** The metric name, in the metric group of the parse operator's first subtask. */
    public static final String NAME = "servingSnapshotAgeMs";

    /** How often the serving directory is listed at most. */
    public static final Duration REFRESH = Duration.ofMinutes(1);

    private final Path servingRoot;
    private final Clock clock;
    private final long refreshMs;

    private boolean listed;
    private long listedAt;
    private boolean failing;
    private Long latest;

    public SnapshotAgeGauge(Path servingRoot, Clock clock, Duration refresh) {
        this.servingRoot = servingRoot;
        this.clock = clock;
        this.refreshMs = refresh.toMillis();
    }

    /** The serving dataset of activities under {@code basePath} (a path with a scheme, as the jobs use). */
    public static Path servingRoot(String basePath) {
        return new Path(basePath, MergeJob.SERVING);
    }

    @Override
    public synchronized Long getValue() {
        long now = clock.millis();
        if (!listed || now - listedAt >= refreshMs) {
            listed = true;
            listedAt = now;
            try {
                Optional<Long> id = SnapshotStore.open(servingRoot).latest();
                latest = id.orElse(null);
                failing = false;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    LOG.warn("Cannot list serving snapshots under {} for {}: {}", servingRoot, NAME, e.toString());
                }
                failing = true;
            }
        }
        return latest == null ? -1L : now - latest;
    }
}
