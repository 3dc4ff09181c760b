package io.lambdasuite.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobRunner}: on-demand runs and the in-process overlap guard. */
class ScheduleJobRunnerTest {
    private static final Instant H12_31 = Instant.parse("2024-05-01T12:31:00Z");

    @TempDir Path dir;

    @Test
    void anOnDemandRunIsLoggedWithItsTrigger() throws Exception {
        FakeClock clock = new FakeClock(H12_31);
        JobLog log = new JobLog(dir.toUri().toString());
        RecordingJob prune = new RecordingJob("prune", clock);

        JobRunRecord record = new JobRunner(clock, log).run(prune, RunRequest.onDemand(clock.instant()));

        assertThat(record.trigger()).isEqualTo(Trigger.ON_DEMAND);
        assertThat(record.snapshotId()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(log.read("prune")).containsExactly(record);
        assertThat(log.lastScheduledFire("prune")).isEmpty();
    }

    @Test
    void aJobAlreadyRunningInThisProcessIsNotStartedAgain() throws Exception {
        FakeClock clock = new FakeClock(H12_31);
        JobLog log = new JobLog(dir.toUri().toString());
        JobRunner runner = new JobRunner(clock, log);
        List<JobRunRecord> nested = new ArrayList<>();
        // A run that, while in progress, is asked to run again (as an on-demand call would).
        ScheduledJob merge = new ScheduledJob() {
            @Override
            public String name() {
                return "merge";
            }

            @Override
            public RunResult run(RunRequest request) {
                nested.add(runner.run(this, request));
                return RunResult.succeeded("done");
            }
        };

        JobRunRecord outer = runner.run(merge, RunRequest.onDemand(clock.instant()));

        assertThat(outer.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(nested).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.SKIPPED);
            assertThat(r.message()).isEqualTo("not run: a run of merge is still in progress");
        });
    }
}
