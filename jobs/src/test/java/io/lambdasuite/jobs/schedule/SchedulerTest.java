package io.lambdasuite.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduling rules on a fake clock: nothing here waits on real time. */
class SchedulerTest {
    private static final String MERGE_CRON = "10 * * * *";
    private static final Instant H09_10 = Instant.parse("2024-05-01T09:10:00Z");
    private static final Instant H11_30 = Instant.parse("2024-05-01T11:30:00Z");
    private static final Instant H12_00 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Instant H12_10 = Instant.parse("2024-05-01T12:10:00Z");
    private static final Instant H12_30 = Instant.parse("2024-05-01T12:30:00Z");
    private static final Instant H13_00 = Instant.parse("2024-05-01T13:00:00Z");
    private static final Instant H13_10 = Instant.parse("2024-05-01T13:10:00Z");
    private static final Instant H14_00 = Instant.parse("2024-05-01T14:00:00Z");
    private static final Instant H14_10 = Instant.parse("2024-05-01T14:10:00Z");
    private static final Instant H15_10 = Instant.parse("2024-05-01T15:10:00Z");

    @TempDir Path dir;
    private JobLog log;

    @BeforeEach
    void setUp() {
        log = new JobLog(dir.toUri().toString());
    }

    private Scheduler scheduler(FakeClock clock, JobSchedule... schedules) throws Exception {
        return new Scheduler(List.of(schedules), clock, clock, log);
    }

    @Test
    void runsOnEachFireTimeAndSleepsInBetween() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        RecordingJob merge = new RecordingJob("merge", clock);

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON)).run(3);

        assertThat(merge.scheduledTimes()).containsExactly(H12_10, H13_10, H14_10);
        assertThat(merge.requests()).extracting(RunRequest::missedRuns).containsOnly(0);
        assertThat(clock.sleeps()).as("one sleep per tick, no busy loop").isEqualTo(3);
        assertThat(log.read("merge")).extracting(JobRunRecord::outcome).containsOnly(RunOutcome.SUCCEEDED);
    }

    @Test
    void aRunThatStartsLateStillGetsTheScheduledHour() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        RecordingJob merge = new RecordingJob("merge", clock);
        // The machine was suspended: the sleep until 12:10 ends at 13:05.
        Sleeper oversleeping = d -> clock.advance(d.plusMinutes(55));

        new Scheduler(List.of(JobSchedule.of(merge, MERGE_CRON)), clock, oversleeping, log).run(1);

        assertThat(merge.startedAt()).containsExactly(Instant.parse("2024-05-01T13:05:00Z"));
        RunRequest request = merge.requests().get(0);
        assertThat(request.scheduledAt()).isEqualTo(H12_10);
        assertThat(request.snapshotId()).isEqualTo(H12_00);
        assertThat(log.read("merge")).singleElement()
                .satisfies(r -> assertThat(r.snapshotId()).isEqualTo(H12_00))
                .satisfies(r -> assertThat(r.startedAt()).isEqualTo(Instant.parse("2024-05-01T13:05:00Z")));
    }

    @Test
    void aRunThatOverrunsIsNotStartedAgainAndTheFireTimesItMissedAreCaughtUpOnce() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        // The 12:10 run takes until 14:15, past the 13:10 and 14:10 fire times.
        RecordingJob merge = new RecordingJob("merge", clock)
                .taking(run -> run == 0 ? Duration.ofMinutes(125) : Duration.ofMinutes(5));

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON)).run(3);

        assertThat(merge.maxInProgress()).isEqualTo(1);
        assertThat(merge.requests())
                .extracting(RunRequest::scheduledAt, RunRequest::snapshotId, RunRequest::missedRuns)
                .containsExactly(
                        tuple(H12_10, H12_00, 0),
                        tuple(H14_10, H14_00, 2), // started at 14:15, right after the overrun, no sleep
                        tuple(H15_10, Instant.parse("2024-05-01T15:00:00Z"), 0));
        assertThat(merge.startedAt().get(1)).isEqualTo(Instant.parse("2024-05-01T14:15:00Z"));
    }

    @Test
    void threeMissedHoursAreCaughtUpByOneRunWithTheLatestFireTime() throws Exception {
        // A previous scheduler handled 09:10, then the process was down until 12:30: 10:10, 11:10, 12:10 missed.
        FakeClock clock = new FakeClock(H09_10);
        RunRequest handled = RunRequest.scheduled(H09_10, 1);
        log.append(JobRunRecord.of("merge", handled, H09_10, H09_10, RunResult.succeeded("ok")));
        clock.set(H12_30);
        RecordingJob merge = new RecordingJob("merge", clock);

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON)).run(1);

        assertThat(clock.sleeps()).as("caught up at once, not at the next fire time").isZero();
        assertThat(merge.requests()).singleElement().satisfies(r -> {
            assertThat(r.scheduledAt()).isEqualTo(H12_10);
            assertThat(r.snapshotId()).isEqualTo(H12_00);
            assertThat(r.catchUp()).isTrue();
            assertThat(r.missedRuns()).isEqualTo(3);
        });
        assertThat(log.read("merge")).extracting(JobRunRecord::scheduledAt, JobRunRecord::missedRuns)
                .containsExactly(tuple(H09_10, 0), tuple(H12_10, 3));
    }

    @Test
    void aRestartedSchedulerReadsTheLogAndDoesNotReplay() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        RecordingJob first = new RecordingJob("merge", clock);
        scheduler(clock, JobSchedule.of(first, MERGE_CRON)).run(2);
        assertThat(first.scheduledTimes()).containsExactly(H12_10, H13_10);

        clock.set(Instant.parse("2024-05-01T13:40:00Z"));
        RecordingJob afterRestart = new RecordingJob("merge", clock);
        scheduler(clock, JobSchedule.of(afterRestart, MERGE_CRON)).run(1);

        assertThat(afterRestart.requests()).extracting(RunRequest::scheduledAt, RunRequest::missedRuns)
                .containsExactly(tuple(H14_10, 0));
        assertThat(log.read("merge")).extracting(JobRunRecord::scheduledAt)
                .containsExactly(H12_10, H13_10, H14_10);
    }

    @Test
    void aFreshSchedulerDoesNotInventHistory() throws Exception {
        FakeClock clock = new FakeClock(H12_30);
        RecordingJob merge = new RecordingJob("merge", clock);

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON)).run(1);

        assertThat(merge.scheduledTimes()).containsExactly(H13_10);
    }

    @Test
    void pruneRunsRightAfterEachMergeWithTheSameSnapshotAndIsSkippedWhenMergeFailed() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        List<String> events = new ArrayList<>();
        RecordingJob merge = new RecordingJob("merge", clock).events(events).failingOn(run -> run == 0);
        RecordingJob prune = new RecordingJob("prune", clock).events(events);

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON, prune)).run(2);

        assertThat(events).containsExactly("merge@" + H12_10, "merge@" + H13_10, "prune@" + H13_10);
        assertThat(prune.requests()).singleElement().isEqualTo(merge.requests().get(1));
        assertThat(log.readAll())
                .extracting(JobRunRecord::job, JobRunRecord::scheduledAt, JobRunRecord::snapshotId, JobRunRecord::outcome)
                .containsExactlyInAnyOrder(
                        tuple("merge", H12_10, H12_00, RunOutcome.FAILED),
                        tuple("prune", H12_10, H12_00, RunOutcome.SKIPPED),
                        tuple("merge", H13_10, H13_00, RunOutcome.SUCCEEDED),
                        tuple("prune", H13_10, H13_00, RunOutcome.SUCCEEDED));
        assertThat(log.read("prune").get(0).message()).isEqualTo("not run: merge failed");
    }

    @Test
    void aFailingJobIsLoggedAsFailedAndTheSchedulerKeepsGoing() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        RecordingJob merge = new RecordingJob("merge", clock).failingOn(run -> run < 2);

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON)).run(3);

        assertThat(log.read("merge")).extracting(JobRunRecord::outcome, JobRunRecord::message).containsExactly(
                tuple(RunOutcome.FAILED, "IllegalStateException: merge broke on run 0"),
                tuple(RunOutcome.FAILED, "IllegalStateException: merge broke on run 1"),
                tuple(RunOutcome.SUCCEEDED, "merge done for " + H14_00));
    }

    @Test
    void independentSchedulesEachRunOnTheirOwnFireTimes() throws Exception {
        FakeClock clock = new FakeClock(H11_30);
        RecordingJob merge = new RecordingJob("merge", clock).taking(run -> Duration.ZERO);
        RecordingJob compact = new RecordingJob("compact", clock).taking(run -> Duration.ZERO);

        scheduler(clock, JobSchedule.of(merge, MERGE_CRON), JobSchedule.of(compact, "40 */2 * * *")).run(3);

        assertThat(merge.scheduledTimes()).containsExactly(H12_10, H13_10);
        assertThat(compact.scheduledTimes()).containsExactly(Instant.parse("2024-05-01T12:40:00Z"));
    }
}
