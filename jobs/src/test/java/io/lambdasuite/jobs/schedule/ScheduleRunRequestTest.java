package io.lambdasuite.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link RunRequest}: snapshot ids from the scheduled time, catch-up flags. */
class ScheduleRunRequestTest {

    @Test
    void snapshotIdIsTheStartOfTheUtcHourOfTheScheduledTime() {
        RunRequest r = RunRequest.scheduled(Instant.parse("2024-05-01T12:10:00Z"), 1);
        assertThat(r.snapshotId()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(r.catchUp()).isFalse();
        assertThat(r.missedRuns()).isZero();
        assertThat(r.trigger()).isEqualTo(Trigger.SCHEDULE);
    }

    @Test
    void aRunCoveringSeveralFireTimesIsACatchUp() {
        RunRequest r = RunRequest.scheduled(Instant.parse("2024-05-01T00:10:00Z"), 3);
        assertThat(r.snapshotId()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(r.catchUp()).isTrue();
        assertThat(r.missedRuns()).isEqualTo(3);
    }

    @Test
    void onDemandTakesTheHourOfTheRequestedTime() {
        RunRequest r = RunRequest.onDemand(Instant.parse("2024-05-01T12:59:59.999Z"));
        assertThat(r.snapshotId()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(r.trigger()).isEqualTo(Trigger.ON_DEMAND);
    }
}
