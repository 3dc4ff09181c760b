package io.lambdasuite.jobs.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.merge.PullRequestMergePlan.ActivitiesSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a PR merge may recompute only the touched pull requests, and when it must recompute all of them. */
class PullRequestMergePlanTest {
    private static long h(int hour) {
        return Instant.parse(String.format("2024-05-01T%02d:00:00Z", hour)).toEpochMilli();
    }

    /** Published activities snapshots: id -> (previous, has _pr_touched). */
    private final Map<Long, ActivitiesSnapshot> published = new HashMap<>();

    private void snapshot(int hour, Integer previous, boolean touched) {
        published.put(h(hour), new ActivitiesSnapshot(previous == null ? null : h(previous), touched));
    }

    private PullRequestMergePlan decide(Integer builtFrom, int target, boolean force) throws Exception {
        return PullRequestMergePlan.decide(builtFrom == null ? null : h(builtFrom), h(target), force,
                id -> Optional.ofNullable(published.get(id)));
    }

    @Test
    void anUnbrokenChainWithTouchedKeysIsIncremental() throws Exception {
        snapshot(3, null, false); // a bootstrap: no touched keys, but the chain stops before it
        snapshot(4, 3, true);
        snapshot(6, 4, true); // a missed hour is fine: 6 follows 4

        PullRequestMergePlan plan = decide(3, 6, false);
        assertThat(plan.full()).as(plan.reason()).isFalse();
        assertThat(plan.touchedSnapshots()).containsExactly(h(6), h(4));

        assertThat(decide(4, 6, false).touchedSnapshots()).containsExactly(h(6));
    }

    @Test
    void everythingElseRecomputesEveryPullRequest() throws Exception {
        snapshot(3, null, false);
        snapshot(4, 3, true);
        snapshot(5, 4, false); // e.g. built by a bootstrap or an older merge: no _pr_touched
        snapshot(6, 5, true);

        assertThat(decide(3, 6, false)).satisfies(p -> {
            assertThat(p.full()).isTrue();
            assertThat(p.reason()).contains("2024-05-01T05").contains("_pr_touched");
        });
        assertThat(decide(null, 6, false).reason()).isEqualTo("no previous pull request snapshot");
        assertThat(decide(5, 6, true).reason()).isEqualTo("full recomputation requested");
        assertThat(decide(5, 6, false).full()).as("from 5 to 6 is fine").isFalse();
    }

    @Test
    void aPrunedOrRestartedChainRecomputesEveryPullRequest() throws Exception {
        snapshot(5, 4, true); // 4 was pruned
        snapshot(6, 5, true);
        assertThat(decide(3, 6, false)).satisfies(p -> {
            assertThat(p.full()).isTrue();
            assertThat(p.reason()).contains("2024-05-01T04").contains("no longer published");
        });

        published.clear();
        snapshot(5, null, true); // a new initial snapshot after the PR snapshot of 3
        snapshot(6, 5, true);
        assertThat(decide(3, 6, false).reason()).contains("does not follow");

        published.clear();
        snapshot(6, 2, true); // the chain jumps over the PR snapshot's activities snapshot
        assertThat(decide(3, 6, false).full()).isTrue();
        assertThat(decide(7, 6, false).full()).as("built from a newer snapshot than the target").isTrue();
    }
}
