package io.lambdasuite.jobs.serving;

import static io.lambdasuite.jobs.serving.ServingTestFiles.H;
import static io.lambdasuite.jobs.serving.ServingTestFiles.S0;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.serving.PrunePlanner.Inputs;
import io.lambdasuite.jobs.serving.PrunePlanner.MvFile;
import io.lambdasuite.jobs.serving.PrunePlanner.Options;
import io.lambdasuite.jobs.serving.PrunePlanner.PublishedSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunePlannerTest {
    private static final long DAY = 24 * H;

    private static PublishedSnapshot snap(long id, String... consumed) {
        return new PublishedSnapshot(id, List.of(consumed));
    }

    private static Inputs inputs(List<PublishedSnapshot> published, List<MvFile> mv, long now) {
        return new Inputs(published, List.of(), List.of(), mv, now);
    }

    @Test
    void theLatestPublishedSnapshotIsNeverDeletedWhateverItsAge() {
        // Copies stopped a month ago: the only snapshot is ancient.
        PrunePlan plan = PrunePlanner.plan(inputs(List.of(snap(S0)), List.of(), S0 + 30 * DAY), Options.DEFAULTS);
        assertThat(plan.snapshotDeletions()).isEmpty();
        assertThat(plan.kept()).anySatisfy(k -> assertThat(k.reason()).contains("latest"));

        PrunePlan zeroTtl = PrunePlanner.plan(inputs(List.of(snap(S0), snap(S0 + H)), List.of(), S0 + 30 * DAY),
                new Options(Duration.ZERO, Duration.ZERO));
        assertThat(zeroTtl.snapshotIds()).containsExactly(S0);
    }

    @Test
    void snapshotsOlderThanLatestMinusServingTtlAreDeleted() {
        List<PublishedSnapshot> published = List.of(
                snap(S0 + 10 * H), snap(S0), snap(S0 + 3 * H), snap(S0 + 4 * H), snap(S0 + 9 * H));
        PrunePlan plan = PrunePlanner.plan(inputs(published, List.of(), S0 + 10 * H), Options.DEFAULTS);
        // latest 10h, cutoff 4h: strictly older goes.
        assertThat(plan.snapshotIds()).containsExactly(S0, S0 + 3 * H);
        assertThat(plan.snapshotDeletions()).allSatisfy(d -> assertThat(d.reason()).contains("older than latest"));

        PrunePlan twoHours = PrunePlanner.plan(inputs(published, List.of(), S0 + 10 * H),
                new Options(Duration.ofHours(2), PrunePlanner.DEFAULT_MV_TTL));
        assertThat(twoHours.snapshotIds()).containsExactly(S0, S0 + 3 * H, S0 + 4 * H);
    }

    @Test
    void unpublishedAndStagingDirectoriesAreNeverDeleted() {
        Inputs in = new Inputs(List.of(snap(S0 + 20 * H)), List.of(S0, S0 + 30 * H),
                List.of("/d/_staging/2024-05-01T11-abc"), List.of(), S0 + 40 * DAY);
        PrunePlan plan = PrunePlanner.plan(in, Options.DEFAULTS);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.kept()).extracting(PrunePlan.Kept::item)
                .contains("snapshot=2024-05-01T11", "/d/_staging/2024-05-01T11-abc");
    }

    @Test
    void unconsumedMvFilesAreNeverDeleted() {
        List<MvFile> mv = List.of(
                new MvFile("file:/mv/snapshot=2024-05-01T11/a.parquet", S0, S0),
                new MvFile("file:/mv/snapshot=2024-05-01T11/late.parquet", S0, S0 + 5 * DAY));
        // Consumed by an older snapshot only: the latest's (cumulative) list decides.
        List<PublishedSnapshot> published = List.of(snap(S0 + H, "/mv/snapshot=2024-05-01T11/late.parquet"), snap(S0 + 2 * H));
        PrunePlan plan = PrunePlanner.plan(inputs(published, mv, S0 + 10 * DAY), Options.DEFAULTS);
        assertThat(plan.mvFileDeletions()).isEmpty();
        assertThat(plan.kept()).filteredOn(k -> k.item().endsWith(".parquet"))
                .allSatisfy(k -> assertThat(k.reason()).contains("not consumed"));

        // No published snapshot at all: nothing goes.
        assertThat(PrunePlanner.plan(inputs(List.of(), mv, S0 + 10 * DAY), Options.DEFAULTS).isEmpty()).isTrue();
    }

    @Test
    void consumedMvFilesGoAfterTheMvTtlCountedFromTheirSnapshotId() {
        List<MvFile> mv = List.of(
                new MvFile("file:/mv/snapshot=2024-05-01T11/old.parquet", S0, S0),
                new MvFile("file:/mv/snapshot=2024-05-02T10/recent.parquet", S0 + 23 * H, S0 + 23 * H),
                new MvFile("file:/mv/snapshot=2024-05-02T11/new.parquet", S0 + DAY, S0 + DAY));
        // Recorded without scheme: compared by path.
        PublishedSnapshot latest = snap(S0 + DAY + H, "/mv/snapshot=2024-05-01T11/old.parquet",
                "file:/mv/snapshot=2024-05-02T10/recent.parquet", "file:/mv/snapshot=2024-05-02T11/new.parquet");
        long now = S0 + DAY + 30 * 60_000L;
        PrunePlan plan = PrunePlanner.plan(inputs(List.of(latest), mv, now), Options.DEFAULTS);
        assertThat(plan.mvPaths()).containsExactly("file:/mv/snapshot=2024-05-01T11/old.parquet");
        assertThat(plan.mvFileDeletions().get(0).reason()).contains("consumed by snapshot 2024-05-02T12");

        PrunePlan shortTtl = PrunePlanner.plan(inputs(List.of(latest), mv, now),
                new Options(PrunePlanner.DEFAULT_SERVING_TTL, Duration.ofHours(1)));
        assertThat(shortTtl.mvPaths()).containsExactly(
                "file:/mv/snapshot=2024-05-01T11/old.parquet", "file:/mv/snapshot=2024-05-02T10/recent.parquet");
    }
}
