package io.lambdasuite.jobs.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * For incremental runs: collects what the sources have read to its end (NDJSON files, or Kafka partitions up
 * to their end offset at start) and, once everything that existed when the run started is read (in this run
 * or an earlier one whose savepoint this run restored), writes a marker file that the driver waits for before
 * it stops the job with a savepoint.
 * Runs with parallelism 1. State: the paths read to their end; like the file source's own list of
 * processed paths, it grows with the number of files (not their size).
 */
final class CatchUpTracker extends ProcessFunction<String, Void> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final Set<String> expected;
    private final String markerPath;
    private transient Set<String> done;
    private transient ListState<String> doneState;
    private transient boolean signalled;

    CatchUpTracker(List<String> expected, String markerPath) {
        this.expected = new HashSet<>(expected);
        this.markerPath = markerPath;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        doneState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("files-read", Types.STRING));
        done = new HashSet<>();
        for (String p : doneState.get()) {
            done.add(p);
        }
        signalIfCaughtUp();
    }

    @Override
    public void processElement(String path, Context ctx, Collector<Void> out) throws Exception {
        done.add(path);
        signalIfCaughtUp();
    }

    private void signalIfCaughtUp() throws IOException {
        if (signalled || !done.containsAll(expected)) {
            return;
        }
        Path marker = new Path(markerPath);
        try (var os = marker.getFileSystem().create(marker, FileSystem.WriteMode.OVERWRITE)) {
            os.write(("caught up on " + expected.size() + " inputs\n").getBytes(StandardCharsets.UTF_8));
        }
        signalled = true;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        doneState.update(new ArrayList<>(done));
    }
}
