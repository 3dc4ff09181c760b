package io.lambdasuite.jobs.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.schedule.FakeClock;
import io.lambdasuite.jobs.serving.PublishResult;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving snapshot age gauge: its value, and that it lists the serving directory at most once a minute. */
class SnapshotAgeGaugeTest {
    private static final Instant H11 = Instant.parse("2024-05-01T11:00:00Z");
    private static final Instant H12 = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path base;

    @Test
    void isTheAgeOfTheLatestPublishedSnapshotRefreshedAtMostOncePerInterval() throws Exception {
        FakeClock clock = new FakeClock(H12.plusSeconds(600));
        org.apache.flink.core.fs.Path root = SnapshotAgeGauge.servingRoot(base.toUri().toString());
        SnapshotAgeGauge gauge = new SnapshotAgeGauge(root, clock, Duration.ofMinutes(1));
        assertThat(gauge.getValue()).as("nothing published yet").isEqualTo(-1L);

        publish(root, H11);
        clock.advance(Duration.ofSeconds(30));
        assertThat(gauge.getValue()).as("listed 30 s ago: not listed again").isEqualTo(-1L);
        clock.advance(Duration.ofSeconds(30));
        assertThat(gauge.getValue()).isEqualTo(Duration.ofMinutes(71).toMillis());

        publish(root, H12);
        clock.advance(Duration.ofSeconds(30));
        assertThat(gauge.getValue()).as("the age grows between listings")
                .isEqualTo(Duration.ofSeconds(71 * 60 + 30).toMillis());
        clock.advance(Duration.ofSeconds(30));
        assertThat(gauge.getValue()).isEqualTo(Duration.ofMinutes(12).toMillis());
    }

    private static void publish(org.apache.flink.core.fs.Path root, Instant id) throws IOException {
        SnapshotStore store = SnapshotStore.open(root);
        PublishResult r = store.publish(store.stage(id.toEpochMilli()), SnapshotManifest.of(id.toEpochMilli(),
                id.toEpochMilli(), store.dataset(), List.of(), List.of(), null, List.of(), Map.of(), Map.of()));
        assertThat(r).isEqualTo(PublishResult.PUBLISHED);
    }
}
