package io.lambdasuite.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.stream.StreamJob;
import io.lambdasuite.jobs.stream.StreamOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/** Incremental streaming runs over NDJSON files, as tests feed data in phases. */
public final class IncrementalRuns {
    private IncrementalRuns() {}

    /**
     * Runs the streaming job over the files under {@code in} until it has read them all (parallelism 2, short
     * checkpoints), resuming from {@code savepoint} when given; returns the savepoint it stopped with.
     */
    public static String streamFiles(Path in, Path base, String savepoint) throws Exception {
        Configuration o = new Configuration();
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        o.set(StreamOptions.INPUT_DIR, in.toString());
        o.set(StreamOptions.MONITOR_INTERVAL, Duration.ofMillis(200));
        o.set(StreamOptions.STOP_WHEN_CAUGHT_UP, true);
        o.set(StreamOptions.BASE_PATH, base.toString());
        o.set(StreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        o.set(StreamOptions.PARALLELISM, 2);
        if (savepoint != null) {
            o.set(StreamOptions.FROM_SAVEPOINT, savepoint);
        }
        StreamJob.Result r = StreamJob.run(o, msg -> {});
        assertThat(r.savepointPath).isNotNull();
        return r.savepointPath;
    }
}
