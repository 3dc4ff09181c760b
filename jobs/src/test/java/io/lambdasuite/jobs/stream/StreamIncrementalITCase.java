package io.lambdasuite.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.jobs.testing.MvCheck;
import java.nio.file.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental runs over NDJSON files: each run stops by itself once every file present is read, with a
 * savepoint; the next run starts from it, keeps its state and reads only the new files. After each phase the
 * MV equals the expected latest versions of the log so far, with no version written twice.
 */
class StreamIncrementalITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void eachRunReadsOnlyWhatIsNewAndResumesItsState() throws Exception {
        CdcLogs log = CdcLogs.generate(7, 3_000, 2);
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");

        log.writeFiles(0, in);
        String first = IncrementalRuns.streamFiles(in, out, null);
        MvCheck afterFirst = MvCheck.of(in, out);
        assertThat(afterFirst.missingOrDifferent).as(afterFirst.toString()).isEmpty();
        assertThat(afterFirst.unexpected).as(afterFirst.toString()).isEmpty();

        log.writeFiles(1, in);
        IncrementalRuns.streamFiles(in, out, first);
        MvCheck afterSecond = MvCheck.of(in, out);
        assertThat(afterSecond.missingOrDifferent).as(afterSecond.toString()).isEmpty();
        assertThat(afterSecond.unexpected).as(afterSecond.toString()).isEmpty();
        assertThat(afterSecond.expectedKeys).isGreaterThan(afterFirst.expectedKeys);
        // files of the first phase were not read again: no version and no dead letter twice
        assertThat(afterSecond.duplicateVersions).isZero();
        assertThat(afterSecond.actualDeadLetters).isEqualTo(afterSecond.expectedDeadLetters).isPositive();
    }
}
